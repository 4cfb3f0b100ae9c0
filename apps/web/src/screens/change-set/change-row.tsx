import type { Decision, OperationDto, ProposedChangeDto, Rating } from '../../api';
import { type AnnotationDraft, AnnotatableText } from '../../components/annotatable-text';
import { ChangeDecisionControls } from '../../components/change-decision';
import { RatingControls } from '../../components/decision-controls';
import { ErrorNotice } from '../../components/error-notice';
import { formatScope, formatValue, type ScopeNames } from '../../components/format';
import { isTextDiffable } from '../../components/word-diff';
import { useAction } from '../../hooks/use-action';
import type { SinceMark } from './since-last-review';

export interface ChangeHandlers {
  rate: (operation: OperationDto, change: ProposedChangeDto, rating: Rating) => Promise<unknown>;
  annotate: (operation: OperationDto, change: ProposedChangeDto, draft: AnnotationDraft) => Promise<unknown>;
  deleteAnnotation: (annotationId: string) => Promise<unknown>;
  decide: (operation: OperationDto, change: ProposedChangeDto, decision: Decision) => Promise<unknown>;
}

interface Props {
  operation: OperationDto;
  change: ProposedChangeDto;
  /** Ratings and annotations are taken while the set awaits approval, by reviewers. */
  canGiveFeedback: boolean;
  /** The caller may decide changes (a reviewer, the set awaiting approval). */
  canDecide: boolean;
  names: ScopeNames;
  handlers: ChangeHandlers;
  /** How the change differs from the revision compared with ("changes since your last review"). */
  mark?: SinceMark;
}

/**
 * One proposed change: attribute and scope, current → proposed (a word diff for text), confidence,
 * reasoning, feedback; a stale change also shows what the record holds now.
 */
export function ChangeRow({ operation, change, canGiveFeedback, canDecide, names, handlers, mark }: Props) {
  const label = `${change.attributeName ?? change.attributeAlias} (${formatScope(change.scope, names)})`;
  const annotate = useAction((draft: AnnotationDraft) => handlers.annotate(operation, change, draft));
  const remove = useAction((annotationId: string) => handlers.deleteAnnotation(annotationId));
  const text = typeof change.newValue === 'string';
  return (
    <div className="change">
      <div className="change__head">
        <span className="change__attribute">{change.attributeName ?? change.attributeAlias}</span>
        <code className="muted small">{change.attributeAlias}</code>
        <span className="scope-chip">{formatScope(change.scope, names)}</span>
        {mark && <span className={`since since--${mark}`}>{mark === 'added' ? 'new since your last review' : 'changed since your last review'}</span>}
        {change.confidence !== undefined && (
          <span className={`confidence${change.confidence < 0.7 ? ' confidence--low' : ''}`} title="Confidence of the source">
            {Math.round(change.confidence * 100)}% confident
          </span>
        )}
        <RatingControls
          rating={change.rating}
          canRate={canGiveFeedback}
          subject={label}
          onRate={(rating) => handlers.rate(operation, change, rating)}
        />
        <ChangeDecisionControls
          decision={change.decision ?? 'pending'}
          canDecide={canDecide}
          subject={`${label} in ${operation.id}`}
          onDecide={(decision) => handlers.decide(operation, change, decision)}
        />
      </div>
      <div className="change__values">
        <div className="change__old">
          <span className="change__label">Current</span>
          <span className="value">{formatValue(change.oldValue)}</span>
        </div>
        <div className="change__new">
          <span className="change__label">Proposed</span>
          {text ? (
            <AnnotatableText
              proposed={change.newValue as string}
              oldText={isTextDiffable(change.oldValue, change.newValue) ? change.oldValue : undefined}
              annotations={change.annotations ?? []}
              canAnnotate={canGiveFeedback}
              onAnnotate={annotate.run}
              label={`Proposed ${label}`}
            />
          ) : (
            <span className="value value--new">{formatValue(change.newValue)}</span>
          )}
        </div>
      </div>
      {change.stale && (
        <p className="change__stale" role="note" aria-label={`Stale: ${label}`}>
          <span className="change__label">Stale</span> the record now holds <span className="value">{formatValue(change.currentValue ?? null)}</span>, not the
          current value shown: approving asks to confirm, and apply refuses the change while the record differs.
        </p>
      )}
      {change.reasoning && (
        <p className="change__reasoning">
          <span className="change__label">Reasoning</span> {change.reasoning}
        </p>
      )}
      <ErrorNotice error={annotate.error} action="Saving the annotation" onDismiss={annotate.clearError} />
      {(change.annotations?.length ?? 0) > 0 && (
        <ul className="annotations" aria-label={`Annotations on ${label}`}>
          {change.annotations?.map((annotation) => (
            <li key={annotation.id} className={`annotation annotation--${annotation.sentiment}`}>
              <span className={`badge badge--${annotation.sentiment === 'good' ? 'approved' : 'rejected'}`}>{annotation.sentiment}</span> “{annotation.text}”
              <span className="muted small">
                {' '}
                {annotation.startOffset}–{annotation.endOffset}
              </span>
              {annotation.note && <span> — {annotation.note}</span>}
              {canGiveFeedback && (
                <button type="button" className="link-button" disabled={remove.busy} onClick={() => void remove.run(annotation.id)} aria-label={`Remove annotation “${annotation.text}”`}>
                  Remove
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      <ErrorNotice error={remove.error} action="Removing the annotation" onDismiss={remove.clearError} />
    </div>
  );
}
