import { type RoleId, Roles, type RpcContext } from '@sigma/contracts';
import { type ChangeSetAction, requireMayAct } from './ownership';

const set = { id: 'cs-1', createdBy: 'user-a' };
const as = (userId: string, ...roles: RoleId[]): RpcContext => ({ requestId: 'r', actor: { userId, roles } });
const outcome = (context: RpcContext, action: ChangeSetAction) => {
  try {
    requireMayAct(set, context, action);
    return 'allowed';
  } catch (error) {
    return (error as { code: string }).code;
  }
};

describe('requireMayAct', () => {
  it('lets the creator do everything, whatever its role', () => {
    for (const role of [Roles.agent, Roles.editor, Roles.admin]) {
      for (const action of ['propose', 'review', 'message'] as const) expect(outcome(as('user-a', role), action)).toBe('allowed');
    }
  });

  it("keeps the source's side to the creator: no other agent, editor or admin proposes on it", () => {
    for (const role of [Roles.agent, Roles.editor, Roles.admin, Roles.reviewer]) expect(outcome(as('user-b', role), 'propose')).toBe('forbidden');
  });

  it('lets reviewing roles review and message on any set, and no other agent', () => {
    for (const role of [Roles.editor, Roles.admin, Roles.reviewer]) {
      expect(outcome(as('user-b', role), 'review')).toBe('allowed');
      expect(outcome(as('user-b', role), 'message')).toBe('allowed');
    }
    expect(outcome(as('user-b', Roles.agent), 'message')).toBe('forbidden');
    expect(outcome(as('user-b', Roles.agent), 'review')).toBe('forbidden');
  });

  it('leaves internal calls (no actor) to the service', () => {
    expect(outcome({ requestId: 'r' }, 'propose')).toBe('allowed');
  });
});
