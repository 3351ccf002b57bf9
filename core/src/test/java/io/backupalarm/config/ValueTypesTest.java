package io.backupalarm.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("Value types")
final class ValueTypesTest {

    private static final EmailAddress EMAIL = EmailAddress.of("alice@example.com");
    private static final MobileNumber MOBILE = MobileNumber.of("+8613800138000");

    @Nested
    @DisplayName("Ids")
    final class Ids {

        @ParameterizedTest(name = "''{0}'' is a valid id")
        @ValueSource(strings = {"a", "acct-1", "c_alice", "v.prod", "urn:vault:1", "A-Z.0_9:x"})
        @DisplayName("ids of letters, digits, - _ . : are accepted")
        void goodIds(String id) {
            assertThat(new Vault(id, "acct-1", null).id()).isEqualTo(id);
        }

        @ParameterizedTest(name = "''{0}'' is not a valid id")
        @ValueSource(strings = {"", "has space", "slash/no", "semi;colon", "tab\tid", "ümlaut", "a@b", "new\nline"})
        @DisplayName("ids with other characters or none are rejected with a message naming the field and the value")
        void badIds(String id) {
            assertThatIllegalArgumentException().isThrownBy(() -> new Vault(id, "acct-1", null))
                    .withMessageContaining("vault id")
                    .withMessageContaining("'" + io.backupalarm.internal.Checks.printable(id) + "'");
        }

        @Test
        @DisplayName("an id of 128 characters is accepted and one of 129 is rejected")
        void idLength() {
            assertThatCode(() -> new Instance("i".repeat(128), "v-1", null)).doesNotThrowAnyException();
            assertThatIllegalArgumentException().isThrownBy(() -> new Instance("i".repeat(129), "v-1", null))
                    .withMessageContaining("instance id");
        }

        @Test
        @DisplayName("the field named in the message is the one that is wrong")
        void namesTheField() {
            assertThatIllegalArgumentException().isThrownBy(() -> new Contact("c-1", "bad account", "Alice", EMAIL, null, false, false))
                    .withMessageContaining("contact c-1 account").withMessageContaining("'bad account'");
            assertThatIllegalArgumentException().isThrownBy(() -> new Instance("i-1", "bad vault", null))
                    .withMessageContaining("instance i-1 vault").withMessageContaining("'bad vault'");
            assertThatIllegalArgumentException().isThrownBy(() -> new ContactGroup("g-1", "a-1", "Ops", Set.of("ok", "not ok")))
                    .withMessageContaining("group g-1 members").withMessageContaining("'not ok'");
            assertThatIllegalArgumentException().isThrownBy(() -> VaultAlarmPolicy.customized(Set.of("bad id"), Set.of()))
                    .withMessageContaining("alarmPolicy contacts").withMessageContaining("'bad id'");
            assertThatIllegalArgumentException().isThrownBy(() -> new Account("bad id", EMAIL, null))
                    .withMessageContaining("account id").withMessageContaining("'bad id'");
        }

        @Test
        @DisplayName("a missing id is a NullPointerException naming the field")
        void nullId() {
            assertThatNullPointerException().isThrownBy(() -> new Vault(null, "a-1", null)).withMessage("vault id");
        }
    }

    @Nested
    @DisplayName("Names")
    final class Names {

        @ParameterizedTest(name = "''{0}'' is a valid name")
        @ValueSource(strings = {"A", "Alice Liddell", "运维组", "O'Brien & Co. (night shift)"})
        @DisplayName("printable names of 1 to 64 characters are accepted")
        void goodNames(String name) {
            assertThat(Contact.verified("c-1", "a-1", name, EMAIL, null).name()).isEqualTo(name);
        }

        @Test
        @DisplayName("names of 64 code points are accepted, of 0 or 65 rejected with the length")
        void nameLength() {
            assertThatCode(() -> new ContactGroup("g-1", "a-1", "x".repeat(64), Set.of("c-1"))).doesNotThrowAnyException();
            assertThatCode(() -> new ContactGroup("g-1", "a-1", "😀".repeat(64), Set.of("c-1"))).doesNotThrowAnyException();
            assertThatIllegalArgumentException().isThrownBy(() -> new ContactGroup("g-1", "a-1", "x".repeat(65), Set.of("c-1")))
                    .withMessageContaining("group g-1 name").withMessageContaining("65");
            assertThatIllegalArgumentException().isThrownBy(() -> new ContactGroup("g-1", "a-1", "", Set.of("c-1")))
                    .withMessageContaining("group g-1 name ''").withMessageContaining("not 0");
        }

        @ParameterizedTest(name = "a name with U+{0} is rejected")
        @ValueSource(ints = {0x00, 0x07, 0x09, 0x0a, 0x0d, 0x1b, 0x7f, 0x85})
        @DisplayName("names with a control character are rejected, the character shown escaped")
        void controlCharacters(int control) {
            String name = "Alice" + (char) control + "Evil";
            assertThatIllegalArgumentException().isThrownBy(() -> Contact.unverified("c-1", "a-1", name, EMAIL, null))
                    .withMessageContaining("contact c-1 name")
                    .withMessageContaining(String.format("Alice\\u%04xEvil", control))
                    .withMessageContaining("control character");
        }
    }

    @Nested
    @DisplayName("Email addresses")
    final class Emails {

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {
            "alice@example.com",
            "a.b+tag@sub.example.org",
            "x@localhost",
            "!#$%&'*+/=?^_`{|}~-@example.com",
            "\"john doe\"@example.com",
            "\"quoted\\\"escape\"@example.com",
            "\"ends in a backslash\\\\\"@example.com",
            "\"a@b,<c>\"@example.com",
            "\"\"@example.com",
            "user@[192.168.0.1]",
            "user@[0.0.0.0]",
            "user@[ipv6:2001:db8::1]",
            "user@[ipv6:::1]",
            "user@[ipv6:2001:db8:0:0:0:0:0:1]",
            "user@[ipv6:::ffff:192.0.2.1]",
            "user@[ipv6:1:2:3:4:5:6:192.0.2.1]",
            "user@xn--fiqs8s.example",
            "a-b@1-2.3com"
        })
        @DisplayName("addr-specs are accepted, quoted local parts and IPv4 and IPv6 address literals included")
        void goodAddresses(String address) {
            assertThat(EmailAddress.of(address).value()).isEqualTo(address);
        }

        @Test
        @DisplayName("the domain is lower-cased and the local part kept as given")
        void domainIsLowerCased() {
            assertThat(EmailAddress.of("Alice.Smith@Example.COM").value()).isEqualTo("Alice.Smith@example.com");
            assertThat(EmailAddress.of("a@EXAMPLE.com")).isEqualTo(EmailAddress.of("a@example.com"));
        }

        @ParameterizedTest(name = "[{index}] ''{0}''")
        @ValueSource(strings = {
            "Alice <alice@example.com>",
            "\"Alice\" <alice@example.com>",
            "alice@example.com\r\nBcc: eve@example.com",
            "alice@example.com\n",
            "alice@exa\rmple.com",
            "alice",
            "@example.com",
            "alice@",
            "alice@@example.com",
            "a..b@example.com",
            ".alice@example.com",
            "alice.@example.com",
            "alice smith@example.com",
            "alice@exa mple.com",
            "alice@example.com (Alice)",
            "alice@example..com",
            "\"unterminated@example.com",
            "\"a\"b\"@example.com",
            "\"a\\\"@example.com",
            "用户@example.com",
            "alice@例子.example",
            "alice@exa_mple.com",
            "alice@-example.com",
            "alice@example-.com",
            "alice@example.com.",
            "alice@[]",
            "alice@[example.com]",
            "alice@[192.0.2.256]",
            "alice@[192.0.2]",
            "alice@[192.0.2.01.1]",
            "alice@[ipv6:2001:db8::1::2]",
            "alice@[ipv6:1:2:3:4:5:6:7::]",
            "alice@[ipv6:1:2:3:4:5:6:7]",
            "alice@[ipv6:12345::1]",
            "alice@[tag:anything]",
            "alice@[192.0.2.1",
            ""
        })
        @DisplayName("anything but a bare addr-spec is rejected with a message naming the field and the value")
        void badAddresses(String address) {
            assertThatIllegalArgumentException().isThrownBy(() -> EmailAddress.of(address))
                    .withMessageStartingWith("email '" + io.backupalarm.internal.Checks.printable(address) + "'")
                    .withMessageNotContaining("\r").withMessageNotContaining("\n");
        }

        @Test
        @DisplayName("an address longer than 254 characters is rejected")
        void tooLong() {
            String local = "a".repeat(64);
            String domain = ("d".repeat(60) + ".").repeat(3) + "d".repeat(10) + ".com";
            assertThat((local + "@" + domain).length()).isGreaterThan(254);
            assertThatIllegalArgumentException().isThrownBy(() -> EmailAddress.of(local + "@" + domain))
                    .withMessageContaining("email '");
        }

        @Test
        @DisplayName("the local part has at most 64 characters and a domain label at most 63")
        void partLimits() {
            assertThat(EmailAddress.of("a".repeat(64) + "@example.com").localPart()).hasSize(64);
            assertThat(EmailAddress.of("a@" + "d".repeat(63) + ".com").domain()).startsWith("d".repeat(63) + ".");
            for (String tooLong : List.of("a".repeat(65) + "@example.com", "\"" + "a".repeat(63) + "\"@example.com",
                    "a@" + "d".repeat(64) + ".com")) {
                assertThatIllegalArgumentException().as(tooLong).isThrownBy(() -> EmailAddress.of(tooLong))
                        .withMessage("email '" + io.backupalarm.internal.Checks.printable(tooLong)
                                + "' is not a valid address (an RFC 5322 addr-spec such as alice@example.com)");
            }
        }

        @Test
        @DisplayName("an address literal keeps its form, the IPv6 tag lower-cased with the domain")
        void literals() {
            assertThat(EmailAddress.of("Ops@[IPv6:2001:DB8::1]").value()).isEqualTo("Ops@[ipv6:2001:db8::1]");
            assertThat(EmailAddress.of("\"a@b\"@Example.com").localPart()).isEqualTo("\"a@b\"");
        }
    }

    @Nested
    @DisplayName("Mobile numbers")
    final class Mobiles {

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"+8613800138000", "+86 138 0013 8000", "+86-138-0013-8000", "  +86 (138) 0013 8000 "})
        @DisplayName("valid numbers are normalised to E.164 from spaced input")
        void normalised(String input) {
            assertThat(MobileNumber.of(input).value()).isEqualTo("+8613800138000");
        }

        @Test
        @DisplayName("numbers of other countries are accepted")
        void otherCountries() {
            assertThat(MobileNumber.of("+44 7911 123456").value()).isEqualTo("+447911123456");
            assertThat(MobileNumber.of("+49 1512 3456789").value()).isEqualTo("+4915123456789");
            assertThat(MobileNumber.of("+1 201-555-0123").value()).isEqualTo("+12015550123");
        }

        @Test
        @DisplayName("a number without + is rejected: the country code is required")
        void needsPlus() {
            assertThatIllegalArgumentException().isThrownBy(() -> MobileNumber.of("13800138000"))
                    .withMessageContaining("mobile '13800138000'").withMessageContaining("must start with '+'");
            assertThatIllegalArgumentException().isThrownBy(() -> MobileNumber.of("008613800138000"))
                    .withMessageContaining("must start with '+'");
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"+1234", "+86 1380013800", "+999 12345678", "+86abc00138000", "+", "+86 138\n0013 8000",
            "+861380013800012345678901234567890"})
        @DisplayName("numbers libphonenumber does not accept as valid are rejected with a message naming the value")
        void invalid(String input) {
            assertThatIllegalArgumentException().isThrownBy(() -> MobileNumber.of(input))
                    .withMessageStartingWith("mobile '" + io.backupalarm.internal.Checks.printable(input) + "'")
                    .withMessageContaining("E.164");
        }
    }

    @Nested
    @DisplayName("Accounts, contacts and groups")
    final class Things {

        @Test
        @DisplayName("a contact with neither email nor mobile is rejected")
        void contactNeedsAnAddress() {
            assertThatIllegalArgumentException().isThrownBy(() -> Contact.unverified("c-1", "a-1", "Alice", null, null))
                    .withMessageContaining("contact c-1").withMessageContaining("needs an email, a mobile or a further address");
        }

        @Test
        @DisplayName("a contact with only an email, only a mobile or both is accepted")
        void contactWithOneAddress() {
            assertThat(Contact.verified("c-1", "a-1", "Alice", EMAIL, null).verifiedEmail()).contains(EMAIL);
            assertThat(Contact.verified("c-1", "a-1", "Alice", null, MOBILE).verifiedMobile()).contains(MOBILE);
            Contact both = Contact.unverified("c-1", "a-1", "Alice", EMAIL, MOBILE);
            assertThat(both.verifiedEmail()).isEmpty();
            assertThat(both.verifiedMobile()).isEmpty();
        }

        @Test
        @DisplayName("a verified flag without its address is rejected")
        void verifiedWithoutAddress() {
            assertThatIllegalArgumentException().isThrownBy(() -> new Contact("c-1", "a-1", "Alice", null, MOBILE, true, false))
                    .withMessageContaining("verified email without an email");
            assertThatIllegalArgumentException().isThrownBy(() -> new Contact("c-1", "a-1", "Alice", EMAIL, null, false, true))
                    .withMessageContaining("verified mobile without a mobile");
        }

        @Test
        @DisplayName("editing an address of a contact makes it unverified; the same address keeps its state")
        void editingUnverifies() {
            Contact alice = Contact.verified("c-1", "a-1", "Alice", EMAIL, MOBILE);
            Contact newEmail = alice.withEmail(EmailAddress.of("alice@example.org"));
            assertThat(newEmail.emailVerified()).isFalse();
            assertThat(newEmail.mobileVerified()).isTrue();
            Contact sameEmail = alice.withEmail(EmailAddress.of("alice@EXAMPLE.com"));
            assertThat(sameEmail.emailVerified()).isTrue();
            Contact newMobile = alice.withMobile(MobileNumber.of("+8613900139000"));
            assertThat(newMobile.mobileVerified()).isFalse();
            assertThat(newMobile.emailVerified()).isTrue();
            assertThat(alice.withName("Alice L.")).extracting(Contact::emailVerified, Contact::mobileVerified)
                    .containsExactly(true, true);
        }

        @Test
        @DisplayName("an account needs an email or a mobile")
        void accountNeedsAnAddress() {
            assertThatIllegalArgumentException().isThrownBy(() -> new Account("a-1", null, null))
                    .withMessageContaining("account a-1").withMessageContaining("needs an email or a mobile");
            assertThat(new Account("a-1", null, MOBILE).mobileNumber()).contains(MOBILE);
        }

        @Test
        @DisplayName("an empty group is rejected; members named twice count once")
        void emptyGroup() {
            assertThatIllegalArgumentException().isThrownBy(() -> new ContactGroup("g-1", "a-1", "Ops", Set.of()))
                    .withMessageContaining("group g-1").withMessageContaining("at least one member");
            assertThat(new ContactGroup("g-1", "a-1", "Ops", new java.util.HashSet<>(List.of("c-1", "c-1"))).members())
                    .containsExactly("c-1");
        }
    }

    @Nested
    @DisplayName("Policies")
    final class Policies {

        @Test
        @DisplayName("a CUSTOMIZED policy naming nothing is rejected at both levels")
        void customizedNamingNothing() {
            assertThatIllegalArgumentException().isThrownBy(() -> VaultAlarmPolicy.customized(Set.of(), Set.of()))
                    .withMessageContaining("CUSTOMIZED").withMessageContaining("at least one contact or group");
            assertThatIllegalArgumentException().isThrownBy(() -> InstanceAlarmPolicy.customized(List.of(), List.of()))
                    .withMessageContaining("CUSTOMIZED").withMessageContaining("at least one contact or group");
        }

        @Test
        @DisplayName("a CUSTOMIZED policy naming only contacts, only groups or both is accepted")
        void customizedNamingSomething() {
            assertThat(VaultAlarmPolicy.customized(Set.of("c-1"), Set.of()).contacts()).containsExactly("c-1");
            assertThat(InstanceAlarmPolicy.customized(List.of(), List.of("g-1")).groups()).containsExactly("g-1");
            VaultAlarmPolicy both = VaultAlarmPolicy.customized(List.of("c-1", "c-1"), List.of("g-1"));
            assertThat(both.namesContact("c-1")).isTrue();
            assertThat(both.namesGroup("g-1")).isTrue();
            assertThat(both.namesGroup("g-2")).isFalse();
        }

        @Test
        @DisplayName("a policy of any other mode naming a contact or group is rejected, naming the mode")
        void othersNamingSomething() {
            for (PolicyMode mode : List.of(PolicyMode.DISABLED, PolicyMode.DEFAULT)) {
                assertThatIllegalArgumentException().isThrownBy(() -> new VaultAlarmPolicy(mode, Set.of("c-1"), Set.of()))
                        .withMessageContaining("mode " + mode + " must not name");
                assertThatIllegalArgumentException().isThrownBy(() -> new VaultAlarmPolicy(mode, Set.of(), Set.of("g-1")))
                        .withMessageContaining("mode " + mode + " must not name");
            }
            for (InstancePolicyMode mode : List.of(InstancePolicyMode.DISABLED, InstancePolicyMode.DEFAULT,
                    InstancePolicyMode.SAME_AS_VAULT)) {
                assertThatIllegalArgumentException().isThrownBy(() -> new InstanceAlarmPolicy(mode, Set.of("c-1"), Set.of("g-1")))
                        .withMessageContaining("mode " + mode + " must not name");
            }
        }

        @Test
        @DisplayName("of(CUSTOMIZED) is rejected; the other modes give the constants")
        void ofMode() {
            assertThatIllegalArgumentException().isThrownBy(() -> VaultAlarmPolicy.of(PolicyMode.CUSTOMIZED));
            assertThatIllegalArgumentException().isThrownBy(() -> InstanceAlarmPolicy.of(InstancePolicyMode.CUSTOMIZED));
            assertThat(VaultAlarmPolicy.of(PolicyMode.DISABLED)).isEqualTo(VaultAlarmPolicy.DISABLED);
            assertThat(InstanceAlarmPolicy.of(InstancePolicyMode.SAME_AS_VAULT)).isEqualTo(InstanceAlarmPolicy.SAME_AS_VAULT);
        }

        @Test
        @DisplayName("an absent policy is DEFAULT for a vault and SAME_AS_VAULT for an instance")
        void absentPolicies() {
            assertThat(new Vault("v-1", "a-1", null).alarmPolicy()).isEqualTo(VaultAlarmPolicy.DEFAULT);
            assertThat(new Instance("i-1", "v-1", null).alarmPolicy()).isEqualTo(InstanceAlarmPolicy.SAME_AS_VAULT);
        }
    }
}
