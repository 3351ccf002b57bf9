/**
 * Runnable examples of embedding backup-alarm: {@link io.backupalarm.examples.QuickStart}, the
 * whole path from configuration to a text on a phone, on embedded defaults. The sub-packages show
 * what an integrator implements (a channel of their own) and the code of the documentation.
 * Compiled and run by the module's tests; not published.
 */
package io.backupalarm.examples;
