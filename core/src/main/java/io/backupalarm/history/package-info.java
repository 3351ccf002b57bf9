/**
 * What happened to alarms and deliveries, kept after the alarm closed: every transition of every
 * alarm ({@link io.backupalarm.history.AlarmHistoryEntry}), every delivery attempt of every
 * notification, test and verification code ({@link io.backupalarm.history.DeliveryRecord}), and
 * the query over both ({@link io.backupalarm.history.HistoryQuery},
 * {@link io.backupalarm.history.HistoryPage}). Where they are kept is an
 * {@link io.backupalarm.spi.HistoryStore}.
 */
package io.backupalarm.history;
