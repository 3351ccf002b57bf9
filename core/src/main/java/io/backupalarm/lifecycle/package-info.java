/**
 * The alarm lifecycle: events a host reports, alarms that open pending, fire after their grace
 * period, repeat, and close (cancelled or resolved), and the {@link io.backupalarm.lifecycle.AlarmEngine}
 * that runs it all, in real time or on a {@link io.backupalarm.lifecycle.ManualClock}.
 */
package io.backupalarm.lifecycle;
