import { type AnchorHTMLAttributes, createContext, type MouseEvent, useCallback, useContext, useEffect, useState } from 'react';

/** History-API routing: the gateway answers every app path with the page, so links and reloads work. */
export function useLocationPath(): [string, (to: string) => void] {
  const [path, setPath] = useState(() => window.location.pathname + window.location.search);
  useEffect(() => {
    const onPop = () => setPath(window.location.pathname + window.location.search);
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);
  const navigate = useCallback((to: string) => {
    if (to === window.location.pathname + window.location.search) return;
    window.history.pushState(null, '', to);
    setPath(to);
    window.scrollTo(0, 0);
  }, []);
  return [path, navigate];
}

export type Route =
  | { name: 'inbox'; query: URLSearchParams }
  | { name: 'change-set'; id: string }
  | { name: 'record'; id: string }
  | { name: 'not-found'; path: string };

export function matchRoute(pathWithQuery: string): Route {
  const [path, search = ''] = pathWithQuery.split('?');
  if (path === '/' || path === '') return { name: 'inbox', query: new URLSearchParams(search) };
  const changeSet = /^\/change-sets\/([^/]+)\/?$/.exec(path);
  if (changeSet) return { name: 'change-set', id: decodeURIComponent(changeSet[1]) };
  const record = /^\/records\/([^/]+)\/?$/.exec(path);
  if (record) return { name: 'record', id: decodeURIComponent(record[1]) };
  return { name: 'not-found', path };
}

export const paths = {
  inbox: (query?: URLSearchParams) => (query && query.toString() ? `/?${query}` : '/'),
  changeSet: (id: string) => `/change-sets/${encodeURIComponent(id)}`,
  record: (id: string) => `/records/${encodeURIComponent(id)}`,
};

export const NavigateContext = createContext<(to: string) => void>((to) => window.location.assign(to));

export function useNavigate(): (to: string) => void {
  return useContext(NavigateContext);
}

type LinkProps = AnchorHTMLAttributes<HTMLAnchorElement> & { to: string };

/** A real link (opens in a new tab with a modifier) that navigates in-app on a plain click. */
export function Link({ to, onClick, ...rest }: LinkProps) {
  const navigate = useNavigate();
  const handle = (event: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(event);
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(to);
  };
  return <a href={to} onClick={handle} {...rest} />;
}
