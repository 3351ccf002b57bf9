package io.backupalarm.spring.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.backupalarm.config.Contact;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;

/** Contacts and the verification of their addresses, over the in-memory stores (and, in a subclass, the JDBC store). */
@SpringBootTest(classes = TestApp.class, properties = "backup-alarm.store.type=memory")
class ContactsApiTest extends ApiTestBase {

    private String contacts() {
        return "/accounts/" + acme + "/contacts";
    }

    private Contact stored(String id) {
        return findContact(id).orElseThrow();
    }

    @Test
    @DisplayName("A contact is created unverified, read with an ETag, listed, searched, changed with If-Match and deleted")
    void lifecycle() {
        String id = acme + "-alice";
        Res created = post(admin(), contacts(), json("{'id':'" + id + "','name':'Alice','email':'Alice@EXAMPLE.com',"
                + "'mobile':'+86 138 0013 8000','addresses':[{'channel':'webhook','address':'https://hooks.example.com/a',"
                + "'secret':'hook-1'}]}")).expect(201);
        assertThat(created.header("Location")).endsWith(API + contacts() + "/" + id);
        assertThat(created.etag()).matches("\"[0-9a-f]{32}\"");
        assertThat(created.json().get("email").stringValue()).isEqualTo("Alice@example.com");
        assertThat(created.json().get("mobile").stringValue()).isEqualTo("+8613800138000");
        assertThat(created.json().get("emailVerified").booleanValue()).isFalse();
        assertThat(created.json().get("addresses").get(0).get("verified").booleanValue()).isFalse();
        assertThat(created.json().get("verified").booleanValue()).isFalse();

        Res read = get(admin(), contacts() + "/" + id).expect(200);
        assertThat(read.etag()).isEqualTo(created.etag());
        assertThat(read.json()).isEqualTo(created.json());
        contact(acme, acme + "-bob", "bob@example.com");
        assertThat(get(admin(), contacts()).expect(200).json().get("items").values().stream()
                .map(c -> c.get("name").stringValue()).toList()).containsExactly("Alice", acme + "-bob");
        assertThat(get(admin(), contacts() + "?q=HOOKS.example").expect(200).json().get("items").size()).isEqualTo(1);
        assertThat(get(admin(), contacts() + "?q=nobody").expect(200).json().get("items").size()).isZero();

        // Read-only fields may be sent back; the id must match.
        String changed = json("{'id':'" + id + "','name':'Alice Liddell','email':'alice@example.com','emailVerified':true,"
                + "'mobile':'+8613800138000','addresses':[],'verified':true}");
        put(admin(), contacts() + "/" + id, null, changed).expect(428);
        put(admin(), contacts() + "/" + id, "\"0123\"", changed).expect(412);
        assertThat(stored(id).name()).isEqualTo("Alice");
        Res updated = put(admin(), contacts() + "/" + id, read.etag(), changed).expect(200);
        assertThat(updated.json().get("name").stringValue()).isEqualTo("Alice Liddell");
        assertThat(updated.json().get("emailVerified").booleanValue()).isFalse();
        assertThat(updated.etag()).isNotEqualTo(read.etag());
        assertThat(stored(id).addresses()).isEmpty();

        delete(admin(), contacts() + "/" + id, null).expect(428);
        delete(admin(), contacts() + "/" + id, read.etag()).expect(412);
        assertThat(findContact(id)).isPresent();
        delete(admin(), contacts() + "/" + id, updated.etag()).expect(204);
        assertThat(findContact(id)).isEmpty();
        get(admin(), contacts() + "/" + id).expect(404);
    }

    @Test
    @DisplayName("A contact without an id gets one; an id taken, in any account, is refused without saying where")
    void ids() {
        Res created = post(admin(), contacts(), json("{'name':'Anon','email':'anon@example.com'}")).expect(201);
        assertThat(created.json().get("id").stringValue()).matches("c-[a-z0-9]{20}");
        String theirs = contact(globex, "carol-of-" + acme, "carol@example.com");
        Res taken = post(admin(), contacts(), json("{'id':'" + theirs + "','name':'X','email':'x@example.com'}"))
                .expect(422);
        assertThat(taken.fields()).containsExactly("id");
        assertThat(taken.detail()).doesNotContain(globex);
        assertThat(stored(theirs).account()).isEqualTo(globex);
        assertThat(stored(theirs).name()).isEqualTo(theirs);
        assertThat(taken.detail()).doesNotContain("belongs");
    }

    @Test
    @DisplayName("Bad input is refused naming the field, and changes nothing")
    void badInput() {
        int before = contactsOf(acme).size();
        Res unknown = post(admin(), contacts(), json("{'name':'A','email':'a@example.com','adresses':[]}")).expect(400);
        assertThat(unknown.fields()).containsExactly("adresses");
        assertThat(unknown.detail()).contains("unknown field 'adresses'");
        Res nested = post(admin(), contacts(), json("{'name':'A','addresses':[{'channel':'webhook',"
                + "'address':'https://h.example.com','colour':'red'}]}")).expect(400);
        assertThat(nested.fields()).containsExactly("addresses[0].colour");
        assertThat(post(admin(), contacts(), "{\"name\": ").expect(400).detail()).contains("not valid JSON");
        assertThat(post(admin(), contacts(), "[]").expect(400).detail()).contains("JSON object");
        assertThat(post(admin(), contacts(), json("{'name':'A','name':'B','email':'a@example.com'}")).expect(400)
                .detail()).contains("name");
        assertThat(post(admin(), contacts(), json("{'name':42,'email':'a@example.com'}")).expect(400).fields())
                .containsExactly("name");
        Res invalid = post(admin(), contacts(), json("{'name':'A','email':'not-an-address','mobile':'12345',"
                + "'addresses':[{'channel':'SMS!','address':'x'},{'channel':'slack','address':'http://insecure.example.com'}]}"))
                .expect(422);
        assertThat(invalid.fields()).containsExactly("email", "mobile", "addresses[0].channel", "addresses[1].address");
        assertThat(invalid.json().get("errors").get(0).get("message").stringValue())
                .contains("email 'not-an-address' is not a valid address");
        Res nothing = post(admin(), contacts(), json("{'name':'A'}")).expect(422);
        assertThat(nothing.detail()).contains("needs an email, a mobile or a further address");
        assertThat(post(admin(), contacts(), json("{'email':'a@example.com'}")).expect(422).fields())
                .containsExactly("name");
        assertThat(post(admin(), contacts(), json("{'id':'bad id','name':'A','email':'a@example.com'}")).expect(422)
                .fields()).containsExactly("id");
        Res noType = call(admin(), org.springframework.http.HttpMethod.POST, contacts(), null, null);
        noType.expect(415);
        assertThat(contactsOf(acme)).hasSize(before);
        String id = contact(acme, acme + "-dave", "dave@example.com");
        String etag = get(admin(), contacts() + "/" + id).etag();
        assertThat(put(admin(), contacts() + "/" + id, etag, json("{'id':'other','name':'D','email':'d@example.com'}"))
                .expect(422).fields()).containsExactly("id");
        assertThat(put(admin(), contacts() + "/" + id, etag, json("{'name':'D','email':'d@'}")).expect(422).fields())
                .containsExactly("email");
        assertThat(stored(id).email().value()).isEqualTo("dave@example.com");
        assertThat(get(admin(), contacts() + "?sort=name").expect(400).fields()).containsExactly("sort");
    }

    @Test
    @DisplayName("The New Contact flow: create, send codes by email and SMS, type them back, and the contact is verified")
    void newContactFlow() {
        String id = acme + "-erin";
        post(admin(), contacts(), json("{'id':'" + id + "','name':'Erin','email':'erin@example.com',"
                + "'mobile':'+8613800138001'}")).expect(201);
        Res mail = post(admin(), contacts() + "/" + id + "/verifications", json("{'channel':'email'}")).expect(200);
        assertThat(mail.json().get("delivered").booleanValue()).isTrue();
        assertThat(mail.json().get("address").stringValue()).isEqualTo("erin@example.com");
        Res sms = post(admin(), contacts() + "/" + id + "/verifications", json("{'channel':'sms'}")).expect(200);
        assertThat(sms.json().get("delivered").booleanValue()).as("%s", sms.json()).isTrue();
        String smsCode = SMS.received().stream().filter(t -> t.to().equals("+8613800138001"))
                .map(t -> firstCode(t.text())).reduce((a, b) -> b).orElseThrow();

        Res again = post(admin(), contacts() + "/" + id + "/verifications", json("{'channel':'email'}")).expect(429);
        assertThat(Long.parseLong(again.header("Retry-After"))).isBetween(1L, 60L);
        assertThat(again.json().get("retryAfterSeconds").longValue()).isBetween(1L, 60L);

        String code = mailedCode("erin@example.com");
        String wrong = code.equals("000000") ? "111111" : "000000";
        Res miss = post(admin(), contacts() + "/" + id + "/verifications/confirm",
                json("{'channel':'email','code':'" + wrong + "'}")).expect(200);
        assertThat(miss.json().get("outcome").stringValue()).isEqualTo("WRONG_CODE");
        Res hit = post(admin(), contacts() + "/" + id + "/verifications/confirm",
                json("{'channel':'email','code':'" + code + "'}")).expect(200);
        assertThat(hit.json().get("outcome").stringValue()).isEqualTo("VERIFIED");
        assertThat(hit.json().get("contact").get("emailVerified").booleanValue()).isTrue();
        assertThat(hit.json().get("contact").get("verified").booleanValue()).isFalse();
        Res phone = post(admin(), contacts() + "/" + id + "/verifications/confirm",
                json("{'channel':'sms','code':'" + smsCode + "'}")).expect(200);
        assertThat(phone.json().get("outcome").stringValue()).isEqualTo("VERIFIED");
        assertThat(phone.json().get("contact").get("verified").booleanValue()).isTrue();
        assertThat(phone.etag()).isEqualTo(get(admin(), contacts() + "/" + id).etag());
        assertThat(stored(id).emailVerified()).isTrue();
        assertThat(stored(id).mobileVerified()).isTrue();
    }

    @Test
    @DisplayName("Cancel deletes the never-verified contact; verification of what a contact does not hold is refused")
    void cancelAndBadVerification() {
        String id = acme + "-fay";
        Res created = post(admin(), contacts(), json("{'id':'" + id + "','name':'Fay','email':'fay@example.com'}"))
                .expect(201);
        Res noMobile = post(admin(), contacts() + "/" + id + "/verifications", json("{'channel':'sms'}")).expect(422);
        assertThat(noMobile.fields()).containsExactly("channel");
        assertThat(post(admin(), contacts() + "/" + id + "/verifications",
                json("{'channel':'webhook','address':'https://nowhere.example.com'}")).expect(422).fields())
                .containsExactly("address");
        assertThat(post(admin(), contacts() + "/" + id + "/verifications", json("{}")).expect(422).fields())
                .containsExactly("channel");
        assertThat(post(admin(), contacts() + "/" + id + "/verifications/confirm", json("{'channel':'email'}"))
                .expect(422).fields()).containsExactly("code");
        assertThat(post(admin(), contacts() + "/" + id + "/verifications/confirm",
                json("{'channel':'email','code':'123456'}")).expect(200).json().get("outcome").stringValue())
                .isEqualTo("NO_PENDING_CODE");
        post(admin(), contacts() + "/" + acme + "-nobody/verifications", json("{'channel':'email'}")).expect(404);
        delete(admin(), contacts() + "/" + id, created.etag()).expect(204);
        assertThat(findContact(id)).isEmpty();
    }
}
