/**
 * Implementation details: not part of the API, not exported, may change in any release.
 */
package io.backupalarm.internal;
