/**
 * Implementation of the auto-configuration; not an API.
 */
package io.backupalarm.spring.boot.internal;
