/**
 * The configuration a host keeps: accounts, contacts with their addresses, contact groups,
 * vaults and instances with their alarm policies; the checked
 * {@link io.backupalarm.config.Configuration} snapshot; and the
 * {@link io.backupalarm.config.ConfigurationAdmin} through which every change goes.
 */
package io.backupalarm.config;
