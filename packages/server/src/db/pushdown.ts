/**
 * The comment that asks the embedded database to run a find's whole filter, sort and limit in SQL
 * (tools/ferretdb/README.md). Put it only on queries whose filtered and sorted fields hold scalars,
 * never arrays: the pushed-down SQL compares them as scalars. MongoDB ignores it.
 */
export const PUSHDOWN = 'inbox:pushdown';
