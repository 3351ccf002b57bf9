/**
 * The controllers, JSON mapping and problem details behind the administration API. Not an API:
 * anything here may change in any release.
 */
package io.backupalarm.spring.web.internal;
