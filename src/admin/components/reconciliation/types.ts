// the server's pure lists (src/modules/reconciliation/difference-types.ts), one source for both sides
export { DIFFERENCE_STATES, DIFFERENCE_TYPES, RUN_STATUSES, type DifferenceState, type DifferenceType, type RunStatus } from "../../../modules/reconciliation/difference-types"
