/**
 * What a host or an integrator implements: channels ({@link io.backupalarm.spi.Channel}), the
 * storage of the configuration, of alarm state and of the outbox. Types here are a stable
 * contract; each interface says what it must guarantee and whether it must be thread-safe.
 */
package io.backupalarm.spi;
