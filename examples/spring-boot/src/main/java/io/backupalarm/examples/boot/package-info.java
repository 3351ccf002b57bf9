/**
 * A small backup server on Spring Boot with the backup-alarm starter: clients' heartbeats and
 * job results over REST, alarms by email and SMS, health and info in Actuator.
 */
package io.backupalarm.examples.boot;
