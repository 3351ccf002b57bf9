/**
 * Implementation of the SMS channel: number parsing, the built-in gateways, Alibaba Cloud's
 * request signature and JSON handling. Not API: anything here may change in
 * any release; use the factories and settings in {@code io.backupalarm.channels.sms}.
 */
package io.backupalarm.channels.sms.internal;
