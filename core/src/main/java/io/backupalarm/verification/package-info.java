/**
 * Verification of contact addresses: codes sent over the address's own channel and typed back,
 * with expiry, a limit on wrong tries and a limit on how often a new code may be asked.
 */
package io.backupalarm.verification;
