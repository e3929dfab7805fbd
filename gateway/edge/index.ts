export { createEdgeAdmission, type EdgeAdmission, type EdgeAdmissionOptions } from './admission.js';
export { addressMatcher, canonicalAddress, clientAddress, type AddressMatcher } from './addresses.js';
export { createBudget, type Budget, type BudgetVerdict } from './budget.js';
export { admitAddress, requestIds, sendRefusal } from './http.js';
export { CLOSE_RATE_LIMITED, guardSocket } from './socket-guard.js';
