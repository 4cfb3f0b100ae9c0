import type { RecordEventType } from '@sigma/contracts';

export interface MatchableSubscription {
  id: string;
  active: boolean;
  eventTypes: readonly string[];
}

/** The subscriptions an event goes to: active ones that asked for its type. */
export function matchingSubscriptions<S extends MatchableSubscription>(subscriptions: readonly S[], eventType: RecordEventType | string): S[] {
  return subscriptions.filter((subscription) => subscription.active && subscription.eventTypes.includes(eventType));
}
