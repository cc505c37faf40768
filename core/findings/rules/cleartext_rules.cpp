// cleartext.* — credentials and sessions anyone on the path can read: HTTP Basic
// authorization, FTP/POP/IMAP/SMTP logins, Telnet sessions, SNMP v1/v2c community strings.
// Commands are matched with "matches" because it ignores case, as servers do ("user" logs in
// as well as "USER").
#include "core/findings/rule.hpp"

namespace caplens::findings {
namespace {


constexpr RuleInfo kHttpBasic{
    "cleartext.http_basic", Severity::Warning, "HTTP Basic credentials in cleartext",
    "HTTP requests carry an Authorization: Basic header over plain HTTP: the user name and password are only "
    "base64-encoded and can be read by anyone on the path.",
    "Change the password and serve the site over HTTPS only (redirect HTTP, enable HSTS)."};

constexpr RuleInfo kFtp{
    "cleartext.ftp", Severity::Warning, "FTP login in cleartext",
    "FTP clients sent USER and PASS commands on port 21 without encryption: the password is readable in the "
    "capture.",
    "Change the password; replace FTP with SFTP or FTPS (explicit TLS), and block port 21 where it is not "
    "needed."};

constexpr RuleInfo kTelnet{
    "cleartext.telnet", Severity::Warning, "Telnet sessions",
    "Telnet (TCP 23) carries the login and every keystroke of the session unencrypted, passwords included.",
    "Disable Telnet on the device and use SSH instead; change the passwords used over it."};

constexpr RuleInfo kPop{
    "cleartext.pop", Severity::Warning, "POP3 login in cleartext",
    "Mail clients logged in to a POP3 server on port 110 without encryption (USER/PASS, APOP or AUTH): the "
    "credentials are readable in the capture.",
    "Change the password; use POP3S (995) or STARTTLS, and turn off plaintext logins on the server."};

constexpr RuleInfo kImap{
    "cleartext.imap", Severity::Warning, "IMAP login in cleartext",
    "Mail clients sent IMAP LOGIN or AUTHENTICATE on port 143 without encryption: the credentials are readable "
    "in the capture.",
    "Change the password; use IMAPS (993) or STARTTLS, and turn off plaintext logins on the server."};

constexpr RuleInfo kSmtp{
    "cleartext.smtp", Severity::Warning, "SMTP authentication in cleartext",
    "Clients authenticated to an SMTP server (AUTH PLAIN/LOGIN on port 25 or 587) without TLS: the "
    "base64-encoded credentials are readable in the capture.",
    "Change the password; require STARTTLS before AUTH (or use port 465 with TLS)."};

constexpr RuleInfo kSnmp{
    "cleartext.snmp", Severity::Warning, "SNMP community strings in cleartext",
    "SNMPv1/v2c messages carry their community string (the password of SNMP) in cleartext; a write community "
    "lets anyone on the path reconfigure the device.",
    "Move to SNMPv3 with authentication and privacy, or at least change the communities from defaults such "
    "as \"public\" and restrict which hosts may query the devices."};

}  // namespace

void addCleartextRules(RuleList& rules) {
    rules.push_back(std::make_unique<StaticRule>(kHttpBasic, "http.authorization matches \"^Basic \"", anyFrame));
    rules.push_back(std::make_unique<StaticRule>(kFtp, "ftp.request.command matches \"^(USER|PASS)$\"", anyFrame));
    rules.push_back(std::make_unique<StaticRule>(kTelnet, "telnet", anyFrame));
    rules.push_back(std::make_unique<StaticRule>(kPop, "pop.request.command matches \"^(USER|PASS|APOP|AUTH)$\"", anyFrame));
    rules.push_back(std::make_unique<StaticRule>(kImap, "imap.request.command matches \"^(LOGIN|AUTHENTICATE)$\"",
                                                 anyFrame));
    rules.push_back(std::make_unique<StaticRule>(
        kSmtp, "smtp.req.command matches \"^AUTH$\" && smtp.req.parameter matches \"^(PLAIN|LOGIN)\"", anyFrame));
    rules.push_back(std::make_unique<StaticRule>(kSnmp, "snmp.community", anyFrame));
}

}  // namespace caplens::findings
