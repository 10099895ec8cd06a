// The shared input fields moved to server/domain/inputs/common.ts; routers not yet converted import them here.
export { isoDate, periodCode, quarterCode, unitCode } from '../domain/inputs/common';
