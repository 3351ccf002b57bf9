package io.backupalarm.examples.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import io.backupalarm.config.ConfigurationAdmin;
import io.backupalarm.config.Contact;
import io.backupalarm.examples.boot.LoopbackSmsGateway;
import io.backupalarm.lifecycle.AlarmEngine;
import io.backupalarm.lifecycle.AlarmEvent;
import io.backupalarm.lifecycle.AlarmState;
import io.backupalarm.lifecycle.ManualTime;
import io.backupalarm.spi.ConfigurationStore;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.File;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The web console in a real browser (headless Chromium) against the example application on a
 * random port: the administration API and the console enabled, the JDBC store on H2, GreenMail
 * and the loopback SMS gateway, the engine on a manual clock. One walk through every screen as
 * an operator would: two contacts verified with the codes they received, a group, a customized
 * vault policy, an instance on Same as Vault, a delete refused with its reason, a stale edit, an
 * alarm that fires, is acknowledged and silenced, the history, the language switch. A screenshot
 * of each screen goes to {@code target/screenshots/}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsoleBrowserTest extends ExampleApplicationTest {

    private static final Pattern CODE = Pattern.compile("\\b(\\d{6})\\b");

    @Autowired
    GreenMail mail;
    @Autowired
    LoopbackSmsGateway phones;
    @Autowired
    AlarmEngine engine;
    @Autowired
    ManualTime time;
    @Autowired
    ConfigurationAdmin admin;
    @Autowired
    ConfigurationStore store;

    private Browser browser;

    /** On a failure, a screenshot and what the page said, to see why. */
    @RegisterExtension
    final TestWatcher onFailure = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            if (browser != null) {
                browser.screenshot("failed-" + context.getRequiredTestMethod().getName());
                System.err.println("Page at failure: " + browser.driver.getCurrentUrl() + "\n"
                        + browser.driver.findElement(By.tagName("body")).getText());
            }
        }
    };

    @BeforeAll
    void startBrowser() {
        Optional<File[]> executables = Browser.locate();
        Assumptions.assumeTrue(executables.isPresent(),
                "No Chromium and chromedriver on this machine (apt-get install chromium chromium-driver; scripts/test "
                        + "installs them): the console's browser test is skipped");
        browser = Browser.start(executables.get());
    }

    @AfterAll
    void stopBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    void anOperatorSetsUpAlarmsAndHandlesOne() {
        assertThat(store.getClass().getName()).as("the JDBC store, on H2").startsWith("io.backupalarm.store.jdbc.");
        signIn("alice");
        browser.visible(By.cssSelector("#contacts-table"));
        assertThat(new Select(browser.driver.findElement(By.id("account-picker"))).getOptions())
                .extracting(WebElement::getText).containsExactly("acme");

        // A contact that is cancelled half-way is deleted: nothing half-made stays.
        browser.click(By.id("new-contact"));
        browser.dialog("New Contact");
        browser.type(By.cssSelector("#dialog-body input[id^=contact-name]"), "Temp");
        browser.type(addressInput("email"), "temp@acme.example");
        browser.click(sendCode("email"));
        browser.visible(codeInput("email"));
        assertThat(contactNamed("Temp")).isPresent();
        browser.click(By.id("contact-cancel"));
        browser.dialogClosed();
        browser.until(d -> contactNamed("Temp").isEmpty());

        // New Contact: each address gets its code, a wrong code is refused, Save completes once all are typed back.
        browser.click(By.id("new-contact"));
        browser.dialog("New Contact");
        browser.type(By.cssSelector("#dialog-body input[id^=contact-name]"), "Alice Wang");
        browser.type(addressInput("email"), "alice@acme.example");
        browser.type(addressInput("sms"), "+86 138 0013 8001");
        browser.click(By.id("contact-save"));
        browser.until(ExpectedConditions.textToBePresentInElementLocated(By.id("dialog-error"),
                "Send Verification to each address first"));
        browser.click(sendCode("email"));
        String emailCode = emailCode("alice@acme.example");
        browser.type(codeInput("email"), wrong(emailCode));
        browser.click(confirmCode("email"));
        browser.until(ExpectedConditions.textToBePresentInElementLocated(rowOf("email"), "That code is not right"));
        browser.type(codeInput("email"), emailCode);
        browser.click(confirmCode("email"));
        browser.until(ExpectedConditions.textToBePresentInElementLocated(rowOf("email"), "Verified"));
        browser.click(sendCode("sms"));
        // the mobile was stored in E.164 form, and the code went there
        browser.until(d -> "+8613800138001".equals(browser.driver.findElement(addressInput("sms")).getDomProperty("value")));
        // not saved while the mobile's code is not typed back
        browser.visible(codeInput("sms"));
        browser.click(By.id("contact-save"));
        browser.until(ExpectedConditions.textToBePresentInElementLocated(By.id("dialog-error"),
                "Not saved yet: every address must be verified."));
        browser.until(ExpectedConditions.textToBePresentInElementLocated(rowOf("sms"), "Type the code sent to this address."));
        assertThat(contactNamed("Alice Wang")).get().satisfies(c -> assertThat(c.mobileVerified()).isFalse());
        browser.type(codeInput("sms"), smsCode("+8613800138001"));
        browser.click(confirmCode("sms"));
        browser.until(ExpectedConditions.textToBePresentInElementLocated(rowOf("sms"), "Verified"));
        browser.screenshot("console-new-contact");
        browser.click(By.id("contact-save"));
        browser.dialogClosed();
        WebElement alice = contactRow("Alice Wang");
        assertThat(alice.findElements(By.cssSelector(".badge.ok"))).hasSize(2);
        assertThat(contactNamed("Alice Wang")).get().satisfies(c -> {
            assertThat(c.emailVerified()).isTrue();
            assertThat(c.mobileVerified()).isTrue();
        });

        browser.click(By.id("new-contact"));
        browser.dialog("New Contact");
        browser.type(By.cssSelector("#dialog-body input[id^=contact-name]"), "Bob Li");
        browser.type(addressInput("email"), "bob@acme.example");
        browser.click(sendCode("email"));
        browser.type(codeInput("email"), emailCode("bob@acme.example"));
        browser.click(By.id("contact-save"));
        browser.dialogClosed();
        contactRow("Bob Li");

        // A group of both.
        browser.driver.get(base() + "/backup-alarm/console/#/groups");
        browser.click(By.id("new-group"));
        browser.dialog("New Group");
        browser.type(By.cssSelector("#dialog-body input[id^=group-name]"), "On call");
        pick("Alice Wang");
        pick("Bob Li");
        browser.click(By.id("group-save"));
        browser.dialogClosed();
        WebElement group = browser.visible(By.xpath("//table[@id='groups-table']//tr[td[1][contains(., 'On call')]]"));
        assertThat(group.findElement(By.cssSelector("[data-field=memberCount]")).getText()).isEqualTo("2");
        browser.screenshot("console-groups");

        // The vault tells Alice and the group; the instance follows its vault.
        browser.driver.get(base() + "/backup-alarm/console/#/vaults");
        browser.click(By.cssSelector("#vaults-table tr[data-id='v-prod'] [data-action=policy]"));
        browser.dialog("Alarm policy of vault v-prod");
        browser.click(By.cssSelector("input[data-mode=CUSTOMIZED]"));
        pick("Alice Wang");
        pick("On call");
        browser.screenshot("console-vault-policy");
        browser.click(By.id("policy-save"));
        browser.dialogClosed();
        browser.until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("#vaults-table tr[data-id='v-prod'] [data-field=policy]"), "Customized Notification: Alice Wang, group On call"));

        browser.driver.get(base() + "/backup-alarm/console/#/instances");
        browser.click(By.cssSelector("#instances-table tr[data-id='i-db1'] [data-action=policy]"));
        browser.dialog("Alarm setting of instance i-db1 (vault v-prod)");
        browser.click(By.cssSelector("input[data-mode=DISABLED]"));
        browser.click(By.id("policy-save"));
        browser.dialogClosed();
        browser.until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("#instances-table tr[data-id='i-db1'] [data-field=policy]"), "Disabled"));
        browser.click(By.cssSelector("#instances-table tr[data-id='i-db1'] [data-action=policy]"));
        browser.dialog("Alarm setting of instance i-db1 (vault v-prod)");
        browser.click(By.cssSelector("input[data-mode=SAME_AS_VAULT]"));
        browser.screenshot("console-instance-setting");
        browser.click(By.id("policy-save"));
        browser.dialogClosed();
        browser.until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("#instances-table tr[data-id='i-db1'] [data-field=policy]"), "Same as Vault"));
        browser.click(By.cssSelector("#instances-table tr[data-id='i-db1'] [data-action=explain]"));
        browser.dialog("Who an alarm of i-db1 reaches now");
        String explained = browser.visible(By.cssSelector("[data-field=explain]")).getText();
        assertThat(explained).contains("vault's policy", "alice@acme.example", "+8613800138001", "bob@acme.example",
                "contact " + contactNamed("Bob Li").orElseThrow().id() + " in group");
        browser.driver.findElement(By.cssSelector("#dialog-actions button")).click();
        browser.dialogClosed();

        // Deletes that would be refused are shown disabled, with the reason.
        browser.driver.get(base() + "/backup-alarm/console/#/contacts");
        WebElement aliceDelete = contactRow("Alice Wang").findElement(By.cssSelector("[data-action=delete]"));
        assertThat(aliceDelete.getDomAttribute("aria-disabled")).isEqualTo("true");
        assertThat(aliceDelete.getDomAttribute("title"))
                .isEqualTo("Cannot be deleted while it is used by group On call, the alarm policy of vault v-prod. Remove it there first.");
        aliceDelete.click();
        assertThat((Boolean) browser.driver.executeScript("return document.getElementById('dialog').open")).isFalse();
        assertThat(contactNamed("Alice Wang")).isPresent();
        browser.screenshot("console-contacts");
        browser.driver.get(base() + "/backup-alarm/console/#/groups");
        WebElement groupDelete = browser.visible(By.xpath(
                "//table[@id='groups-table']//tr[td[1][contains(., 'On call')]]//*[@data-action='delete']"));
        assertThat(groupDelete.getDomAttribute("title")).contains("the alarm policy of vault v-prod");

        // An edit that meets someone else's change is refused with a clear message, and Reload shows theirs.
        browser.driver.get(base() + "/backup-alarm/console/#/contacts");
        contactRow("Bob Li").findElement(By.cssSelector("[data-action=edit]")).click();
        browser.dialog("Edit contact Bob Li");
        Contact bob = contactNamed("Bob Li").orElseThrow();
        admin.updateContact(bob.withName("Bob Li (ops)"));
        browser.type(By.cssSelector("#dialog-body input[id^=contact-name]"), "Robert Li");
        browser.click(By.id("contact-save"));
        browser.until(ExpectedConditions.textToBePresentInElementLocated(By.id("dialog-error"), "Someone else changed this meanwhile"));
        browser.click(By.cssSelector("#dialog-error button"));
        browser.until(d -> "Bob Li (ops)".equals(d.findElement(By.cssSelector("#dialog-body input[id^=contact-name]"))
                .getDomProperty("value")));
        browser.click(By.id("contact-cancel"));
        browser.dialogClosed();

        // An alarm: the backup fails, the grace period passes on the manual clock, it fires.
        int mailsBefore = mail.getReceivedMessages().length;
        engine.report(new AlarmEvent.BackupFailed("i-db1", "nightly", "disk full", time.clock().instant()));
        time.advanceBy(Duration.ofMinutes(6));
        assertThat(engine.openAlarms()).singleElement().extracting(a -> a.state()).isEqualTo(AlarmState.FIRING);
        assertThat(mail.getReceivedMessages()).hasSize(mailsBefore + 2);

        browser.driver.get(base() + "/backup-alarm/console/#/alarms");
        By alarmRow = By.cssSelector("#alarms-table tr[data-instance='i-db1'][data-job='nightly']");
        browser.until(ExpectedConditions.textToBePresentInElementLocated(alarmRow, "Firing"));
        assertThat(browser.driver.findElement(alarmRow).getText())
                .contains("Backup failed on i-db1, job nightly", "disk full", "alice@acme.example", "+8613800138001", "bob@acme.example");
        browser.click(By.cssSelector("#alarms-table tr[data-instance='i-db1'] [data-action=acknowledge]"));
        browser.dialog("Acknowledge Backup failed on i-db1, job nightly");
        browser.type(By.cssSelector("#dialog-body textarea"), "replacing the disk");
        browser.click(By.id("ack-confirm"));
        browser.dialogClosed();
        browser.until(ExpectedConditions.textToBePresentInElementLocated(
                By.cssSelector("#alarms-table tr[data-instance='i-db1'] [data-field=acknowledgement]"), "by alice"));
        assertThat(engine.openAlarms()).singleElement().satisfies(a -> {
            assertThat(a.acknowledgement().by()).isEqualTo("alice");
            assertThat(a.acknowledgement().comment()).isEqualTo("replacing the disk");
        });
        browser.click(By.cssSelector("#alarms-table tr[data-instance='i-db1'] [data-action=silence]"));
        browser.dialog("Silence notifications");
        browser.click(By.xpath("//dialog//label[contains(., 'Every alarm of instance i-db1')]/input"));
        browser.click(By.id("silence-confirm"));
        browser.dialogClosed();
        browser.until(ExpectedConditions.textToBePresentInElementLocated(By.id("silences-table"), "instance i-db1"));
        assertThat(engine.silences()).singleElement().satisfies(s -> assertThat(s.createdBy()).isEqualTo("alice"));
        browser.screenshot("console-alarms");

        // History: what went to whom, with the provider's answer; and what happened to the alarm.
        browser.driver.get(base() + "/backup-alarm/console/#/history");
        By firingToAlice = By.xpath("//table[@id='deliveries-table']//tr[@data-kind='FIRING' and contains(., 'alice@acme.example')]");
        WebElement delivered = browser.visible(firingToAlice);
        assertThat(delivered.getText()).contains("Backup failed on i-db1, job nightly", "Delivered");
        assertThat(delivered.findElement(By.cssSelector("[data-field=answer]")).getText()).startsWith("Accepted: ");
        By smsCodeRow = By.xpath("//table[@id='deliveries-table']//tr[@data-kind='VERIFICATION_CODE' and @data-channel='sms']");
        assertThat(browser.visible(smsCodeRow).getText()).contains("+8613800138001", "Delivered", "Accepted: sms-");
        browser.screenshot("console-history");
        browser.click(By.id("history-tab-alarms"));
        browser.visible(By.xpath("//table[@id='alarm-history-table']//tr[@data-event='ACKNOWLEDGED']"));
        browser.visible(By.xpath("//table[@id='alarm-history-table']//tr[@data-event='FIRED']"));

        // The language switch: every screen in Simplified Chinese, and back.
        new Select(browser.driver.findElement(By.id("language-picker"))).selectByValue("zh-CN");
        browser.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("a[data-screen=contacts]"), "告警联系人"));
        assertThat(browser.driver.findElement(By.tagName("html")).getDomAttribute("lang")).isEqualTo("zh-CN");
        browser.visible(By.xpath("//table[@id='alarm-history-table']//th[text()='事件']"));
        browser.driver.get(base() + "/backup-alarm/console/#/contacts");
        browser.until(ExpectedConditions.textToBePresentInElementLocated(By.id("contacts-table"), "已验证"));
        WebElement aliceDeleteZh = contactRow("Alice Wang").findElement(By.cssSelector("[data-action=delete]"));
        assertThat(aliceDeleteZh.getDomAttribute("title")).isEqualTo("正在被 联系人组 On call、保管库 v-prod 的告警策略 使用，无法删除。请先在那里移除。");
        browser.screenshot("console-contacts-zh");
        new Select(browser.driver.findElement(By.id("language-picker"))).selectByValue("en");
        browser.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("a[data-screen=contacts]"), "Alarm Contact"));
    }

    @Test
    void keyboardAloneOpensAndClosesADialogAndFocusReturns() {
        signIn("alice");
        WebElement newContact = browser.clickable(By.id("new-contact"));
        newContact.sendKeys(org.openqa.selenium.Keys.ENTER);
        browser.dialog("New Contact");
        WebElement focused = browser.driver.switchTo().activeElement();
        assertThat(focused.getDomAttribute("id")).startsWith("contact-name");
        assertThat(browser.driver.findElement(By.id("dialog")).getDomAttribute("aria-labelledby")).isEqualTo("dialog-title");
        // every input of the dialog has a label
        List<WebElement> unlabelled = browser.driver.findElements(By.cssSelector("#dialog input, #dialog select, #dialog textarea"))
                .stream().filter(i -> !"search".equals(i.getDomAttribute("type")))
                .filter(i -> browser.driver.findElements(By.cssSelector("label[for='" + i.getDomAttribute("id") + "']")).isEmpty())
                .filter(i -> browser.driver.findElements(By.xpath("//label[.//input[@id='" + i.getDomAttribute("id") + "']]")).isEmpty())
                .toList();
        assertThat(unlabelled).isEmpty();
        focused.sendKeys(org.openqa.selenium.Keys.ESCAPE);
        browser.dialogClosed();
        assertThat(browser.driver.switchTo().activeElement().getDomAttribute("id")).isEqualTo("new-contact");
    }

    private void signIn(String name) {
        browser.driver.manage().deleteAllCookies();
        browser.driver.get(base() + "/sign-in");
        DemoUsers.User user = user(name);
        browser.type(By.id("username"), user.name());
        browser.type(By.id("password"), user.password());
        browser.click(By.id("sign-in"));
        browser.until(ExpectedConditions.textToBePresentInElementLocated(By.id("user-name"), "Signed in as " + name));
    }

    private Optional<Contact> contactNamed(String name) {
        return admin.snapshot().contacts().stream().filter(c -> c.account().equals("acme") && c.name().equals(name)).findFirst();
    }

    private WebElement contactRow(String name) {
        return browser.visible(By.xpath("//table[@id='contacts-table']//tr[td[1][contains(., '" + name + "')]]"));
    }

    private void pick(String name) {
        browser.click(By.xpath("//dialog//div[contains(@class,'picker')]//label[span[1][text()='" + name + "']]/input"));
    }

    private static By rowOf(String kind) {
        return By.cssSelector("#dialog-body .address-row[data-kind=" + kind + "]");
    }

    private static By addressInput(String kind) {
        return By.cssSelector("#dialog-body .address-row[data-kind=" + kind + "] input[data-kind=" + kind + "]");
    }

    private static By sendCode(String kind) {
        return By.cssSelector("#dialog-body .address-row[data-kind=" + kind + "] [data-action=send-code]");
    }

    private static By codeInput(String kind) {
        return By.cssSelector("#dialog-body .address-row[data-kind=" + kind + "] .code-row input");
    }

    private static By confirmCode(String kind) {
        return By.cssSelector("#dialog-body .address-row[data-kind=" + kind + "] [data-action=confirm-code]");
    }

    /** The code in the newest mail to the address, once it arrived. */
    private String emailCode(String address) {
        return browser.until(d -> {
            MimeMessage[] received = mail.getReceivedMessages();
            for (int i = received.length - 1; i >= 0; i--) {
                try {
                    if (Arrays.stream(received[i].getRecipients(Message.RecipientType.TO)).anyMatch(a -> a.toString().equals(address))) {
                        Matcher code = CODE.matcher(GreenMailUtil.getBody(received[i]));
                        return code.find() ? code.group(1) : null;
                    }
                } catch (MessagingException e) {
                    throw new IllegalStateException(e);
                }
            }
            return null;
        });
    }

    /** The code in the newest text to the number, once it arrived. */
    private String smsCode(String number) {
        return browser.until(d -> {
            List<LoopbackSmsGateway.Text> texts = phones.received();
            for (int i = texts.size() - 1; i >= 0; i--) {
                if (texts.get(i).to().equals(number)) {
                    Matcher code = CODE.matcher(texts.get(i).text());
                    return code.find() ? code.group(1) : null;
                }
            }
            return null;
        });
    }

    private static String wrong(String code) {
        char last = code.charAt(code.length() - 1);
        return code.substring(0, code.length() - 1) + (last == '9' ? '0' : (char) (last + 1));
    }
}
