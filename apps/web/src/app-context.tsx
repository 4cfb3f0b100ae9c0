import { createContext, useContext } from 'react';
import type { SigmaApi } from './api';
import type { Capabilities, Session } from './session/session';

export interface AppContextValue {
  api: SigmaApi;
  session: Session;
  can: Capabilities;
  signOut: (reason?: string) => void;
}

export const AppContext = createContext<AppContextValue | undefined>(undefined);

export function useApp(): AppContextValue {
  const value = useContext(AppContext);
  if (!value) throw new Error('useApp outside a signed-in AppContext');
  return value;
}
