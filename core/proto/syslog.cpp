// syslog — the BSD syslog protocol (RFC 3164) and its successor (RFC 5424) on UDP port 514:
// "<PRI>" (facility * 8 + severity) followed by the message text.
#include <cctype>

#include "core/proto/names.hpp"
#include "core/proto/protocols.hpp"

namespace caplens::proto {
namespace {

constexpr std::uint16_t kSyslogPort = 514;
constexpr std::uint32_t kMaxPriDigits = 3;

enum SyslogField : FieldIndex { Facility, Level, Msg, kSyslogFieldCount };

constexpr ValueName kFacilities[] = {
    {0, "KERN - kernel messages"}, {1, "USER - random user-level messages"}, {2, "MAIL - mail system"},
    {3, "DAEMON - system daemons"}, {4, "AUTH - security/authorization messages"},
    {5, "SYSLOG - messages generated internally by syslogd"}, {6, "LPR - line printer subsystem"},
    {7, "NEWS - network news subsystem"}, {8, "UUCP - UUCP subsystem"}, {9, "CRON - clock daemon (BSD, Linux)"},
    {10, "AUTHPRIV - security/authorization messages (private)"}, {11, "FTP - ftp daemon"},
    {12, "NTP - ntp subsystem"}, {13, "LOGAUDIT - log audit"}, {14, "LOGALERT - log alert"},
    {15, "CRON - clock daemon (Solaris)"}, {16, "LOCAL0 - reserved for local use"},
    {17, "LOCAL1 - reserved for local use"}, {18, "LOCAL2 - reserved for local use"},
    {19, "LOCAL3 - reserved for local use"}, {20, "LOCAL4 - reserved for local use"},
    {21, "LOCAL5 - reserved for local use"}, {22, "LOCAL6 - reserved for local use"},
    {23, "LOCAL7 - reserved for local use"}};
constexpr ValueName kLevels[] = {
    {0, "EMERG - system is unusable"}, {1, "ALERT - action must be taken immediately"},
    {2, "CRIT - critical conditions"}, {3, "ERR - error conditions"}, {4, "WARNING - warning conditions"},
    {5, "NOTICE - normal but significant condition"}, {6, "INFO - informational"},
    {7, "DEBUG - debug-level messages"}};

// Wireshark masks the priority value (0x3f8 / 0x7); the values are computed here instead,
// since the priority is decimal text, not a binary container.
constexpr FieldDef kSyslogFields[] = {
    {Facility, "syslog.facility", "Facility", FieldType::UInt8, Base::Dec, 0, kFacilities},
    {Level, "syslog.level", "Level", FieldType::UInt8, Base::Dec, 0, kLevels},
    {Msg, "syslog.msg", "Message", FieldType::String},
};
static_assert(std::size(kSyslogFields) == kSyslogFieldCount);

// The short name of a facility or level ("LOCAL7", "NOTICE").
std::string_view mnemonic(std::span<const ValueName> names, std::uint32_t value) {
    const std::string_view name = nameOf(names, value);
    return name.substr(0, name.find(' '));
}

class SyslogProtocol final : public Dissector {
public:
    SyslogProtocol() : Dissector({"syslog", "Syslog", "Syslog message"}) {}

    std::uint32_t dissect(Packet& p, const ByteView& view) const override {
        const ItemRef item = p.beginProtocol(*this, view, view.reported());
        const std::string_view text = view.text(0, view.captured());
        std::uint32_t at = 0;
        int pri = -1;
        if (!text.empty() && text[0] == '<') {
            std::uint32_t value = 0, digits = 0;
            while (digits < kMaxPriDigits && 1 + digits < text.size() && std::isdigit(static_cast<unsigned char>(text[1 + digits]))) {
                value = value * 10 + static_cast<std::uint32_t>(text[1 + digits] - '0');
                ++digits;
            }
            if (digits > 0 && 1 + digits < text.size() && text[1 + digits] == '>') {
                pri = static_cast<int>(value);
                at = 2 + digits;
            }
        }
        const std::string_view message = text.substr(at);
        std::string label;
        if (pri >= 0) {
            const auto facility = static_cast<std::uint32_t>(pri) >> 3;
            const auto level = static_cast<std::uint32_t>(pri) & 7;
            p.add(field(Facility), view, 0, at, FieldValue::ofUnsigned(facility));
            p.add(field(Level), view, 0, at, FieldValue::ofUnsigned(level));
            if (p.buildsTree() || p.wantsColumns()) {
                label = std::string(mnemonic(kFacilities, facility)) + "." + std::string(mnemonic(kLevels, level)) + ": ";
            }
        }
        p.addText(field(Msg), view, at, static_cast<std::uint32_t>(message.size()), message);
        if (p.buildsTree()) p.setText(item, "Syslog message: " + label + std::string(message));
        if (p.wantsColumns()) p.info() = label + std::string(message);
        return view.reported();
    }
};

}  // namespace

void registerSyslog(Registry& r) {
    auto& syslog = r.addProtocol<SyslogProtocol>(kSyslogFields);
    r.onHandoff([&syslog](Registry& registry) { registry.table("udp.port").add(kSyslogPort, syslog); });
}

}  // namespace caplens::proto
