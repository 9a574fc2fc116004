package io.postfleet.smtp;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One SMTP reply (RFC 5321 §4.2) with its enhanced status code (RFC 3463), and the catalogue of the
 * replies Postfleet sends, named after what they mean. Handlers pick a factory; they never spell out
 * a reply code. Texts follow Postfix's wording so that operators and scripts recognise them.
 *
 * @param code the three-digit reply code
 * @param enhanced the enhanced status code such as {@code 2.1.5}; empty only where RFC 2034 §3 says
 *     it must be left out: the greeting and the replies to HELO and EHLO
 * @param text the text; lines separated by {@code \n} become a multi-line reply
 */
public record SmtpReply(int code, String enhanced, String text) {

  public SmtpReply {
    if (code < 200 || code > 599) {
      throw new IllegalArgumentException("reply code out of range: " + code);
    }
    Objects.requireNonNull(enhanced, "enhanced");
    Objects.requireNonNull(text, "text");
    // RFC 3463 §2: the class digit of the enhanced code repeats the first digit of the reply code.
    if (!enhanced.isEmpty() && enhanced.charAt(0) != Integer.toString(code).charAt(0)) {
      throw new IllegalArgumentException("enhanced code " + enhanced + " contradicts " + code);
    }
    if (text.indexOf('\r') >= 0) {
      throw new IllegalArgumentException("reply text must not contain CR");
    }
  }

  public static SmtpReply greeting(String hostname) {
    return new SmtpReply(220, "", hostname + " ESMTP Postfleet");
  }

  /** The EHLO reply: the host name, then one extension keyword per line (RFC 5321 §4.1.1.1). */
  public static SmtpReply ehlo(String hostname, List<String> keywords) {
    List<String> lines = new ArrayList<>(keywords.size() + 1);
    lines.add(hostname);
    lines.addAll(keywords);
    return new SmtpReply(250, "", String.join("\n", lines));
  }

  public static SmtpReply helo(String hostname) {
    return new SmtpReply(250, "", hostname);
  }

  public static SmtpReply ok() {
    return new SmtpReply(250, "2.0.0", "Ok");
  }

  public static SmtpReply senderOk() {
    return new SmtpReply(250, "2.1.0", "Ok");
  }

  public static SmtpReply recipientOk() {
    return new SmtpReply(250, "2.1.5", "Ok");
  }

  /** RFC 3463 has no class 3, so the intermediate reply to DATA carries no enhanced code. */
  public static SmtpReply startMailInput() {
    return new SmtpReply(354, "", "End data with <CR><LF>.<CR><LF>");
  }

  /** The reply to a BDAT chunk that is not the last (RFC 3030 §2). */
  public static SmtpReply chunkReceived(long octets) {
    return new SmtpReply(250, "2.0.0", "Ok: " + octets + " bytes");
  }

  public static SmtpReply readyToStartTls() {
    return new SmtpReply(220, "2.0.0", "Ready to start TLS");
  }

  /** RFC 4954 §4: a server challenge, base64-encoded; class 3 has no enhanced code. */
  public static SmtpReply saslChallenge(String base64) {
    return new SmtpReply(334, "", base64);
  }

  public static SmtpReply authenticated() {
    return new SmtpReply(235, "2.7.0", "Authentication successful");
  }

  public static SmtpReply queued(String queueId) {
    return new SmtpReply(250, "2.0.0", "Ok: queued as " + queueId);
  }

  public static SmtpReply bye() {
    return new SmtpReply(221, "2.0.0", "Bye");
  }

  /** VRFY is answered without disclosing who exists (RFC 5321 §3.5.3, §7.3). */
  public static SmtpReply cannotVerify() {
    return new SmtpReply(252, "2.5.0", "Cannot VRFY user, but will accept message and attempt delivery");
  }

  public static SmtpReply help(List<String> verbs) {
    return new SmtpReply(214, "2.0.0", "Commands: " + String.join(" ", verbs));
  }

  public static SmtpReply tooManyConnections(String hostname) {
    return new SmtpReply(421, "4.7.0", hostname + " Error: too many connections");
  }

  public static SmtpReply timeout(String hostname) {
    return new SmtpReply(421, "4.4.2", hostname + " Error: timeout exceeded");
  }

  public static SmtpReply tooManyErrors(String hostname) {
    return new SmtpReply(421, "4.7.0", hostname + " Error: too many errors");
  }

  public static SmtpReply shuttingDown(String hostname) {
    return new SmtpReply(421, "4.3.2", hostname + " Error: service shutting down");
  }

  /** A fault of ours broke the session: say so rather than drop the connection (RFC 5321 §3.8). */
  public static SmtpReply internalError(String hostname) {
    return new SmtpReply(421, "4.3.0", hostname + " Error: internal error, closing connection");
  }

  public static SmtpReply tooManyConnectionsFrom(String hostname, String ip) {
    return new SmtpReply(421, "4.7.0", hostname + " Error: too many connections from " + ip);
  }

  /** RFC 3207 §4: STARTTLS offered but the certificate cannot be used right now. */
  public static SmtpReply tlsNotAvailable() {
    return new SmtpReply(454, "4.7.0", "TLS not available due to local problem");
  }

  public static SmtpReply commandUnrecognized() {
    return new SmtpReply(500, "5.5.2", "Error: command not recognized");
  }

  public static SmtpReply lineTooLong() {
    return new SmtpReply(500, "5.5.2", "Error: line too long");
  }

  public static SmtpReply badSyntax() {
    return new SmtpReply(500, "5.5.2", "Error: bad syntax");
  }

  /** A command whose argument does not match its grammar; {@code usage} shows the right form. */
  public static SmtpReply usage(String usage) {
    return new SmtpReply(501, "5.5.4", "Syntax: " + usage);
  }

  /** RFC 6531 §3.3: 8-bit bytes that are not UTF-8. */
  public static SmtpReply badUtf8() {
    return new SmtpReply(500, "5.5.2", "Error: bad UTF-8 syntax");
  }

  /** UTF-8 in a command other than MAIL and RCPT, the only ones RFC 6531 §3.3 extends. */
  public static SmtpReply asciiOnly() {
    return new SmtpReply(501, "5.5.4", "Error: non-ASCII characters in this command");
  }

  /** A known ESMTP parameter with a value outside its grammar, e.g. RET=ALL. */
  public static SmtpReply badParameter(String keyword) {
    return new SmtpReply(501, "5.5.4", "Bad " + keyword + " parameter syntax");
  }

  public static SmtpReply tooManyParameters() {
    return new SmtpReply(501, "5.5.4", "Error: too many parameters");
  }

  /** RFC 4954 §4: a client response that is not base64. */
  public static SmtpReply cannotDecodeResponse() {
    return new SmtpReply(501, "5.5.2", "Cannot decode response");
  }

  /** RFC 4954 §4: the client cancelled the exchange with {@code *}. */
  public static SmtpReply authenticationAborted() {
    return new SmtpReply(501, "5.7.0", "Authentication aborted");
  }

  public static SmtpReply unrecognizedAuthType() {
    return new SmtpReply(504, "5.5.4", "Unrecognized authentication type");
  }

  public static SmtpReply badParameterSyntax() {
    return new SmtpReply(501, "5.5.4", "Error: bad parameter syntax");
  }

  public static SmtpReply badMessageSizeSyntax() {
    return new SmtpReply(501, "5.5.4", "Bad message size syntax");
  }

  public static SmtpReply unsupportedParameter(String keyword) {
    return new SmtpReply(555, "5.5.4", "Unsupported option: " + keyword);
  }

  public static SmtpReply badSenderSyntax() {
    return new SmtpReply(501, "5.1.7", "Bad sender address syntax");
  }

  public static SmtpReply badRecipientSyntax() {
    return new SmtpReply(501, "5.1.3", "Bad recipient address syntax");
  }

  /** A command sent out of order (RFC 5321 §4.1.4); {@code what} says what was missing. */
  public static SmtpReply badSequence(String what) {
    return new SmtpReply(503, "5.5.1", "Error: " + what);
  }

  public static SmtpReply needHelo() {
    return badSequence("send HELO/EHLO first");
  }

  public static SmtpReply needMail() {
    return badSequence("need MAIL command");
  }

  public static SmtpReply nestedMail() {
    return badSequence("nested MAIL command");
  }

  public static SmtpReply needRcpt() {
    return badSequence("need RCPT command");
  }

  public static SmtpReply transactionInProgress() {
    return badSequence("MAIL transaction in progress");
  }

  public static SmtpReply alreadyAuthenticated() {
    return badSequence("already authenticated");
  }

  /** RFC 3207 §4: STARTTLS inside TLS. */
  public static SmtpReply tlsAlreadyActive() {
    return new SmtpReply(554, "5.5.1", "Error: TLS already active");
  }

  /** RFC 3207 §4: this listener accepts mail only over TLS. */
  public static SmtpReply mustStartTls() {
    return new SmtpReply(530, "5.7.0", "Must issue a STARTTLS command first");
  }

  /** RFC 4954 §6: this listener accepts mail only from authenticated clients. */
  public static SmtpReply authenticationRequired() {
    return new SmtpReply(530, "5.7.0", "Authentication required");
  }

  /** RFC 4954 §6: the credentials could not be checked now (the maps are not loaded). */
  public static SmtpReply temporaryAuthenticationFailure() {
    return new SmtpReply(454, "4.7.0", "Temporary authentication failure");
  }

  public static SmtpReply authenticationFailed() {
    return new SmtpReply(535, "5.7.8", "Error: authentication failed");
  }

  /** RFC 4954 §6: AUTH over a plaintext connection, where a password would travel in clear. */
  public static SmtpReply encryptionRequired() {
    return new SmtpReply(538, "5.7.11", "Encryption required for requested authentication mechanism");
  }

  /** An authenticated client using a sender it does not own (reject_sender_login_mismatch). */
  public static SmtpReply senderNotOwned(String sender, String login) {
    return new SmtpReply(553, "5.7.1", "<" + sender + ">: Sender address rejected: not owned by user " + login);
  }

  /** RFC 6531 §3.7.4.1: an internationalised address without SMTPUTF8 on MAIL. */
  public static SmtpReply smtputf8Required() {
    return new SmtpReply(553, "5.6.7", "Must declare SMTPUTF8 to send unicode address");
  }

  public static SmtpReply noValidRecipients() {
    return new SmtpReply(554, "5.5.1", "Error: no valid recipients");
  }

  public static SmtpReply userUnknown(String address) {
    return new SmtpReply(550, "5.1.1",
        "<" + address + ">: Recipient address rejected: User unknown in local recipient table");
  }

  public static SmtpReply relayDenied(String address) {
    return new SmtpReply(554, "5.7.1", "<" + address + ">: Relay access denied");
  }

  public static SmtpReply lookupFailure(String address) {
    return new SmtpReply(451, "4.3.0", "<" + address + ">: Temporary lookup failure");
  }

  /**
   * The recipient's mailbox is over its quota (RFC 3463 §3.3, 4.2.2): temporary, so the sender
   * retries once the owner has made room, as Postfix with Dovecot's quota-status service answers.
   */
  public static SmtpReply mailboxFull(String address) {
    return new SmtpReply(452, "4.2.2", "<" + address + ">: Recipient address rejected: Mailbox full");
  }

  public static SmtpReply tooManyRecipients() {
    return new SmtpReply(452, "4.5.3", "Error: too many recipients");
  }

  /** The client announced (RFC 1870 SIZE) more than we accept. */
  public static SmtpReply declaredSizeTooBig() {
    return new SmtpReply(552, "5.3.4", "Message size exceeds fixed limit");
  }

  /** The message turned out bigger than we accept while it was being read. */
  public static SmtpReply messageTooBig() {
    return new SmtpReply(552, "5.3.4", "Error: message file too big");
  }

  /** Postfix's cleanup refusal of a message with more hops than hopcount_limit (RFC 5321 §6.3). */
  public static SmtpReply tooManyHops() {
    return new SmtpReply(554, "5.4.6", "Too many hops");
  }

  public static SmtpReply bareLineFeed() {
    return new SmtpReply(550, "5.5.2", "Error: bare <LF> received");
  }

  public static SmtpReply bareCarriageReturn() {
    return new SmtpReply(550, "5.5.2", "Error: bare <CR> received");
  }

  public static SmtpReply queueWriteError() {
    return new SmtpReply(451, "4.3.0", "Error: queue file write error");
  }

  /** A client listed in DNSBLs, refused at RCPT (Postfix's reject_rbl_client wording). */
  public static SmtpReply clientBlocked(String text) {
    return new SmtpReply(554, "5.7.1", text);
  }

  /** A listed client cut off at connect (postscreen_dnsbl_action = drop; RFC 7504 §3). */
  public static SmtpReply clientDropped(String hostname, String text) {
    return new SmtpReply(521, "5.7.1", hostname + " " + text);
  }

  /** RFC 7372 §3.3: the client's reverse DNS does not confirm its address. */
  public static SmtpReply reverseDnsFailed(String ip, String text) {
    return new SmtpReply(550, "5.7.25", text + " [" + ip + "]");
  }

  public static SmtpReply reverseDnsUnavailable(String ip) {
    return new SmtpReply(450, "4.7.25",
        "Client host rejected: cannot find your hostname, temporary failure [" + ip + "]");
  }

  /** RFC 7372 §3.2: SPF {@code fail}, refused where the domain enforces SPF. */
  public static SmtpReply spfFailed(String text, String detail) {
    return new SmtpReply(550, "5.7.23", text + ": " + detail);
  }

  /** RFC 7372 §3.2: SPF {@code temperror}. */
  public static SmtpReply spfUnavailable(String domain) {
    return new SmtpReply(451, "4.7.24", "SPF record of " + domain + " could not be checked, try again later");
  }

  public static SmtpReply greylisted(String address, String text, long secondsLeft) {
    return new SmtpReply(451, "4.7.1", "<" + address + ">: " + text + " (" + secondsLeft + " seconds left)");
  }

  /** RFC 7489 §7.3 asks for a 5xx at the end of DATA; Postfix sites send OpenDMARC's 5.7.1. */
  public static SmtpReply dmarcRejected(String text, String fromDomain) {
    return new SmtpReply(550, "5.7.1", text + " (" + fromDomain + ")");
  }

  /** RFC 7489 §6.6.1: without one From: address DMARC cannot be applied; such mail is refused. */
  public static SmtpReply badFromHeader() {
    return new SmtpReply(550, "5.7.1", "Message must have exactly one From: header with one address");
  }

  /** RFC 7372 §3.1: signed, but no signature verified, where the domain enforces DKIM. */
  public static SmtpReply noPassingDkimSignature() {
    return new SmtpReply(550, "5.7.20", "No passing DKIM signature found");
  }

  /** A DMARC or DKIM lookup that failed where the check is enforced: try again. */
  public static SmtpReply authenticationUnavailable(String what) {
    return new SmtpReply(451, "4.7.5", what + " could not be checked, try again later");
  }

  /** The sender-check policy has not been loaded yet: nothing may pass unchecked. */
  public static SmtpReply policyUnavailable() {
    return new SmtpReply(451, "4.3.0", "Server configuration problem, try again later");
  }

  /** A header_checks or body_checks REJECT (Postfix's cleanup answers 550 5.7.1 with the rule's text). */
  public static SmtpReply contentRejected(String text) {
    return new SmtpReply(550, "5.7.1", text.isEmpty() ? "Message content rejected" : text);
  }

  public boolean positive() {
    return code < 400;
  }

  public List<String> lines() {
    return List.of(text.split("\n", -1));
  }

  /** The reply as sent: every line but the last uses {@code code-}, each ends in CRLF (§4.2.1). */
  public String render() {
    List<String> lines = lines();
    StringBuilder out = new StringBuilder(text.length() + 16 * lines.size());
    for (int i = 0; i < lines.size(); i++) {
      out.append(code).append(i == lines.size() - 1 ? ' ' : '-');
      if (!enhanced.isEmpty()) {
        out.append(enhanced).append(' ');
      }
      out.append(lines.get(i)).append("\r\n");
    }
    return out.toString();
  }

  /** UTF-8, because a reply may quote an internationalised address (RFC 6531 §3.7.4.1). */
  public byte[] toBytes() {
    return render().getBytes(StandardCharsets.UTF_8);
  }

  /** One line for logs, as Postfix quotes replies in its maillog. */
  public String summary() {
    return code + (enhanced.isEmpty() ? "" : " " + enhanced) + " " + text.replace('\n', ' ');
  }
}
