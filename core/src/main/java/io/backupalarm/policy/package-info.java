/**
 * Resolution: who receives an alarm for an instance, and why
 * ({@link io.backupalarm.policy.RecipientResolver}).
 */
package io.backupalarm.policy;
