/**
 * The library's entry point and its exceptions. A host builds an
 * {@link io.backupalarm.lifecycle.AlarmEngine}, keeps its configuration through
 * {@link io.backupalarm.config.ConfigurationAdmin}, and catches {@link io.backupalarm.AlarmException}
 * (or one of its precise subclasses) for every error the library reports on purpose.
 */
package io.backupalarm;
