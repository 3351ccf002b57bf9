package io.backupalarm.config;

import io.backupalarm.InUseException;
import io.backupalarm.NotFoundException;
import io.backupalarm.ValidationException;
import io.backupalarm.internal.DefaultConfigurationAdmin;
import io.backupalarm.spi.ConfigurationStore;

/**
 * The only way to change a configuration: every call checks the integrity rules of the behaviour
 * contract (section 4) and writes in one {@link ConfigurationStore#write transaction}, so a
 * rejected change changes nothing, also under many threads (and, with a transactional store,
 * many nodes) changing things at once.
 *
 * <ul>
 *   <li>Nothing in use can be deleted: a contact while a group holds it or a policy names it
 *       ({@link InUseException} lists every holder), a group while a policy names it, a vault
 *       while it holds instances, an account while anything belongs to it.</li>
 *   <li>Nothing can refer to what does not exist or belongs to another account
 *       ({@link ValidationException} lists every such reference).</li>
 *   <li>Adding or changing an address makes it unverified; only
 *       {@link io.backupalarm.verification.VerificationService} marks it verified again.</li>
 * </ul>
 *
 * <p>Create one with {@link #on(ConfigurationStore)}. Thread-safe when its store is, as every store
 * must be.
 */
public interface ConfigurationAdmin {

    /**
     * An administration service over a store.
     *
     * @param store where the configuration lives
     * @return the service
     */
    static ConfigurationAdmin on(ConfigurationStore store) {
        return new DefaultConfigurationAdmin(store);
    }

    /**
     * Adds an account.
     *
     * @param account the account
     * @throws ValidationException if an account of that id exists
     */
    void createAccount(Account account);

    /**
     * Replaces an account's addresses, zone and locale.
     *
     * @param account the account, with the id of an existing one
     * @throws NotFoundException if there is no such account
     */
    void updateAccount(Account account);

    /**
     * Removes an account that holds nothing.
     *
     * @param accountId the account
     * @throws NotFoundException if there is no such account
     * @throws InUseException if contacts, groups or vaults still belong to it
     */
    void deleteAccount(String accountId);

    /**
     * Adds a contact; its addresses, further addresses included, are stored unverified whatever
     * the argument says. Start a verification for each address next.
     *
     * @param contact the contact
     * @return the contact as stored
     * @throws ValidationException if the id is taken or the account does not exist
     */
    Contact createContact(Contact contact);

    /**
     * Adds a contact as given, verification flags included: for contacts whose addresses were
     * verified elsewhere (a configuration file, a migration).
     *
     * @param contact the contact
     * @return the contact as stored
     * @throws ValidationException if the id is taken or the account does not exist
     */
    Contact importContact(Contact contact);

    /**
     * Replaces a contact's name and addresses. An email or mobile that differs from the stored
     * one is stored unverified; an unchanged one keeps its state. A further address keeps its
     * verification only if the stored contact held it verified with the same channel, target and
     * secret id (the rule of {@link Contact#withAddresses}); any other is stored unverified.
     *
     * @param contact the contact, with the id and account of an existing one
     * @return the contact as stored
     * @throws NotFoundException if there is no such contact
     * @throws ValidationException if the account differs from the stored one
     */
    Contact updateContact(Contact contact);

    /**
     * Marks an address of a contact verified, if the contact still has that address: its email
     * ({@code email}), its mobile ({@code sms}), or the further address with that channel and
     * target, whatever its secret id.
     *
     * @param contactId the contact
     * @param channel {@code email}, {@code sms} or the channel of a further address
     * @param address the address that was verified
     * @return {@code true} if marked; {@code false} if the contact's address changed meanwhile
     * @throws NotFoundException if there is no such contact
     */
    boolean markVerified(String contactId, String channel, String address);

    /**
     * Marks an address of a contact verified, as {@link #markVerified(String, String, String)}
     * does, and a further address only while it still names the secret id the code was sent
     * with (a code posted with one secret proves nothing about another).
     *
     * @param contactId the contact
     * @param channel {@code email}, {@code sms} or the channel of a further address
     * @param address the address that was verified
     * @param secret the secret id of the further address when its code was sent, or {@code null};
     *        ignored for {@code email} and {@code sms}
     * @return {@code true} if marked; {@code false} if the contact's address changed meanwhile
     * @throws NotFoundException if there is no such contact
     */
    boolean markVerified(String contactId, String channel, String address, String secret);

    /**
     * Removes a contact that nothing holds.
     *
     * @param contactId the contact
     * @throws NotFoundException if there is no such contact
     * @throws InUseException if a group holds it or a policy names it
     */
    void deleteContact(String contactId);

    /**
     * Adds a contact group.
     *
     * @param group the group; its members are contacts of its account
     * @throws ValidationException if the id is taken, the account or a member does not exist, or
     *         a member belongs to another account
     */
    void createGroup(ContactGroup group);

    /**
     * Replaces a group's name and members.
     *
     * @param group the group, with the id and account of an existing one
     * @throws NotFoundException if there is no such group
     * @throws ValidationException if a member does not exist or belongs to another account
     */
    void updateGroup(ContactGroup group);

    /**
     * Removes a group that no policy names.
     *
     * @param groupId the group
     * @throws NotFoundException if there is no such group
     * @throws InUseException if a policy names it
     */
    void deleteGroup(String groupId);

    /**
     * Adds a vault with its policy.
     *
     * @param vault the vault
     * @throws ValidationException if the id is taken, the account does not exist, or the policy
     *         names what does not exist or belongs to another account
     */
    void createVault(Vault vault);

    /**
     * Sets a vault's policy.
     *
     * @param vaultId the vault
     * @param policy the policy
     * @throws NotFoundException if there is no such vault
     * @throws ValidationException if the policy names what does not exist or belongs to another
     *         account
     */
    void setVaultPolicy(String vaultId, VaultAlarmPolicy policy);

    /**
     * Removes a vault that holds no instance.
     *
     * @param vaultId the vault
     * @throws NotFoundException if there is no such vault
     * @throws InUseException if instances belong to it or a maintenance window names it
     */
    void deleteVault(String vaultId);

    /**
     * Adds an instance with its policy.
     *
     * @param instance the instance
     * @throws ValidationException if the id is taken, the vault does not exist, or the policy
     *         names what does not exist or belongs to another account
     */
    void createInstance(Instance instance);

    /**
     * Sets an instance's policy.
     *
     * @param instanceId the instance
     * @param policy the policy
     * @throws NotFoundException if there is no such instance
     * @throws ValidationException if the policy names what does not exist or belongs to another
     *         account
     */
    void setInstancePolicy(String instanceId, InstanceAlarmPolicy policy);

    /**
     * Removes an instance. Its open alarms are left to close or fire by themselves; a firing
     * alarm of a removed instance resolves to nobody.
     *
     * @param instanceId the instance
     * @throws NotFoundException if there is no such instance
     */
    void deleteInstance(String instanceId);

    /**
     * Creates a maintenance window, or replaces the window of the same id (of the same account).
     *
     * @param window the window
     * @throws ValidationException if its account does not exist, a matcher names a vault or
     *         instance that does not exist or belongs to another account, or the id belongs to a
     *         window of another account; nothing is changed
     */
    void saveMaintenanceWindow(MaintenanceWindow window);

    /**
     * Deletes a maintenance window.
     *
     * @param windowId the window id
     * @throws io.backupalarm.NotFoundException if there is none of that id
     */
    void deleteMaintenanceWindow(String windowId);

    /**
     * Everything in the store, as one checked configuration.
     *
     * @return a consistent snapshot
     */
    Configuration snapshot();
}
