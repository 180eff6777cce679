import type { QmpReply } from '../qmp/types.js';
import type { QueryRequest, RuleCite } from '../target/policy.js';

export type { QueryRequest, RuleCite } from '../target/policy.js';

/**
 * A semantic diff of two rule sets (one profile each) as data: what changed in
 * the rules, in the definitions' feature sets, and in the answers over the
 * whole model space, each change traced to the rule edits behind it.
 */

/**
 * What a cause is: `feature-added`/`-removed`/`-changed` (likewise group-,
 * definition-), `set-change`, `deprecation`, `special-model`, `rule-added`/
 * `-removed`/`-changed` for other categories, and `unexplained` for an answer
 * change no rule difference accounts for (a bug in the diff, if it ever shows).
 */
export type CauseKind = string;

/** One reason for changes: a rule edit (or a group of identical ones). */
export interface Cause {
  id: string;
  kind: CauseKind;
  /** Which rule category it belongs to (features, definitions, dependencies, …). */
  category: string;
  /** The rule entry it is about (a feature, group, definition, … name), when one. */
  subject?: string;
  summary: string;
  rules: RuleCite[];
  /** The set kind, for set changes. */
  set?: string;
  /** How many changed answers it helps explain. */
  answers: number;
}

/** A definition's set that differs: features gained and lost (by name). */
export interface SetChange {
  definition: string;
  set: string;
  gained: string[];
  lost: string[];
  /** Cause ids. */
  causes: string[];
}

/** A QMP reply value: `return`, or QEMU's error class and text. */
export type Reply = QmpReply;

/**
 * One difference inside an answer: at `path` (the container), `key` (a map
 * key, or a list item) went from `old` to `new` (undefined: absent).
 */
export interface Delta {
  path: string[];
  key: string;
  /** True when `key` is a list item (old/new then say whether it was in the list). */
  item?: boolean;
  old?: unknown;
  new?: unknown;
  causes: string[];
}

export interface AnswerChange {
  request: QueryRequest;
  old: Reply;
  new: Reply;
  deltas: Delta[];
}

/** Names present in only one side. */
export interface Added {
  added: string[];
  removed: string[];
}

/** One profile pair's diff. */
export interface DiffSection {
  old: string;
  new: string;
  /** How the architecture calls several entries of each rule category. */
  plurals: Record<string, string>;
  features: Added;
  groups: Added;
  definitions: Added & { changed: string[] };
  models: Added;
  sets: SetChange[];
  causes: Cause[];
  answers: {
    /** Requests asked of both sides: the model space of the models common to both. */
    compared: number;
    commonModels: number;
    /**
     * The changed answers with both answers and their differences: every one
     * of the bare model space, and the first DETAIL_LIMIT of the rest.
     */
    changed: AnswerChange[];
    /** The other changed answers (switched properties, machines, environments, VM starts): the requests only. */
    unlisted: QueryRequest[];
    /** Models only one side has (requests naming them are asked of that side only). */
    onlyOld: number;
    onlyNew: number;
  };
}

export interface DiffReport {
  sections: DiffSection[];
}
