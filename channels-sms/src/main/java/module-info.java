/** The SMS channel: Alibaba Cloud SMS, Twilio, a signed webhook and a logging gateway. */
module io.backupalarm.channels.sms {
    requires transitive io.backupalarm.core;
    requires java.net.http;
    requires com.fasterxml.jackson.databind;
    requires com.google.i18n.phonenumbers.libphonenumber;
    requires org.slf4j;

    exports io.backupalarm.channels.sms;

    provides io.backupalarm.spi.ChannelProvider with io.backupalarm.channels.sms.SmsChannelProvider;
}
