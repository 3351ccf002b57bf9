/** The email channel: SMTP through Jakarta Mail (Eclipse Angus), with pooled connections and TLS. */
module io.backupalarm.channels.email {
    requires transitive io.backupalarm.core;
    requires jakarta.mail;
    requires org.eclipse.angus.mail;
    requires org.slf4j;

    exports io.backupalarm.channels.email;

    provides io.backupalarm.spi.ChannelProvider with io.backupalarm.channels.email.EmailChannelProvider;
}
