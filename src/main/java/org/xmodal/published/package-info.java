/**
 * Published results as read-only reference rows, seed groups (replicates of one architecture) and the comparison of
 * runs with a published table. Reads results through {@code result}; never writes runs, shards or result rows.
 */
package org.xmodal.published;
