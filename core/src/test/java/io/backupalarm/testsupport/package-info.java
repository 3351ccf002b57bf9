/**
 * What core's own tests share: a channel that records and can be scripted or held, an engine on
 * manual time, stores that can be broken, and a clock that follows real time with an offset.
 * Core cannot use the testkit module (the testkit depends on core), so it keeps these few.
 */
package io.backupalarm.testsupport;
