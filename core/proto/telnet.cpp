// telnet — the Telnet protocol (RFC 854, options RFC 855 ff.) on TCP port 23, as Wireshark
// 4.0's packet-telnet.c shows it: text lines of the session, interleaved with commands that
// start with IAC (0xFF): a single command byte, an option negotiation (WILL/WON'T/DO/DON'T
// option) or a suboption (SB option ... IAC SE).
//
// A segment that ends right after IAC (the command byte is missing) is malformed, as in
// Wireshark, which does not reassemble Telnet.
#include "core/proto/names.hpp"
#include "core/proto/protocols.hpp"

namespace caplens::proto {
namespace {

constexpr std::uint16_t kTelnetPort = 23;

constexpr std::uint8_t kIac = 255;
constexpr std::uint8_t kSubEnd = 240;     // SE
constexpr std::uint8_t kSubOption = 250;  // SB
constexpr std::uint8_t kWill = 251;
constexpr std::uint8_t kDont = 254;
constexpr std::uint8_t kTerminalType = 24;
constexpr std::uint8_t kXDisplayLocation = 35;
constexpr std::uint8_t kStringIs = 0;  // "IS <value>" of a string suboption (RFC 1091)

constexpr ValueName kCommands[] = {{236, "End of File"},
                                   {237, "Suspend Current Process"},
                                   {238, "Abort Process"},
                                   {239, "End of Record"},
                                   {240, "Suboption End"},
                                   {241, "No Operation"},
                                   {242, "Data Mark"},
                                   {243, "Break"},
                                   {244, "Interrupt Process"},
                                   {245, "Abort Output"},
                                   {246, "Are You There?"},
                                   {247, "Escape Character"},
                                   {248, "Erase Line"},
                                   {249, "Go Ahead"},
                                   {250, "Suboption"},
                                   {251, "Will"},
                                   {252, "Won't"},
                                   {253, "Do"},
                                   {254, "Don't"}};

// IANA's Telnet option names, as Wireshark labels them.
constexpr ValueName kOptions[] = {{0, "Binary Transmission"},
                                  {1, "Echo"},
                                  {2, "Reconnection"},
                                  {3, "Suppress Go Ahead"},
                                  {4, "Approx Message Size Negotiation"},
                                  {5, "Status"},
                                  {6, "Timing Mark"},
                                  {7, "Remote Controlled Trans and Echo"},
                                  {8, "Output Line Width"},
                                  {9, "Output Page Size"},
                                  {10, "Output Carriage-Return Disposition"},
                                  {11, "Output Horizontal Tab Stops"},
                                  {12, "Output Horizontal Tab Disposition"},
                                  {13, "Output Formfeed Disposition"},
                                  {14, "Output Vertical Tabstops"},
                                  {15, "Output Vertical Tab Disposition"},
                                  {16, "Output Linefeed Disposition"},
                                  {17, "Extended ASCII"},
                                  {18, "Logout"},
                                  {19, "Byte Macro"},
                                  {20, "Data Entry Terminal"},
                                  {21, "SUPDUP"},
                                  {22, "SUPDUP Output"},
                                  {23, "Send Location"},
                                  {24, "Terminal Type"},
                                  {25, "End of Record"},
                                  {26, "TACACS User Identification"},
                                  {27, "Output Marking"},
                                  {28, "Terminal Location Number"},
                                  {29, "Telnet 3270 Regime"},
                                  {30, "X.3 PAD"},
                                  {31, "Negotiate About Window Size"},
                                  {32, "Terminal Speed"},
                                  {33, "Remote Flow Control"},
                                  {34, "Linemode"},
                                  {35, "X Display Location"},
                                  {36, "Environment Option"},
                                  {37, "Authentication Option"},
                                  {38, "Encryption Option"},
                                  {39, "New Environment Option"},
                                  {40, "TN3270E"},
                                  {41, "XAUTH"},
                                  {42, "CHARSET"},
                                  {43, "Remote Serial Port"},
                                  {44, "COM Port Control"},
                                  {45, "Suppress Local Echo"},
                                  {46, "Start TLS"},
                                  {47, "KERMIT"},
                                  {48, "SEND-URL"},
                                  {49, "FORWARD_X"},
                                  {255, "Extended-Options-List"}};

enum TelnetField : FieldIndex { Cmd, Subcmd, StringValue, OptionData, Data, kTelnetFieldCount };

constexpr FieldDef kTelnetFields[] = {
    {Cmd, "telnet.cmd", "Command", FieldType::UInt8, Base::Dec, 0, kCommands},
    {Subcmd, "telnet.subcmd", "Subcommand", FieldType::UInt8, Base::Dec, 0, kOptions},
    {StringValue, "telnet.string_subopt.value", "Value", FieldType::String},
    {OptionData, "telnet.option_data", "Option data", FieldType::Bytes},
    {Data, "telnet.data", "Data", FieldType::String},
};
static_assert(std::size(kTelnetFields) == kTelnetFieldCount);

class TelnetProtocol final : public Dissector {
  public:
    TelnetProtocol() : Dissector({"telnet", "TELNET", "Telnet"}) {}

    std::uint32_t dissect(Packet& p, const ByteView& view) const override {
        p.beginProtocol(*this, view, view.reported());
        if (p.wantsColumns()) p.info() = "Telnet Data ...";
        std::uint32_t offset = 0;
        while (offset < view.reported() && !p.stopped()) {
            const std::int64_t iac = view.find(kIac, offset);
            const std::uint32_t textEnd =
                iac < 0 ? view.reported() : static_cast<std::uint32_t>(iac);
            addText(p, view, offset, textEnd);
            if (iac < 0) break;
            offset = command(p, view, textEnd);
        }
        return view.reported();
    }

  private:
    // The session's text between commands, one telnet.data per line (terminator included).
    void addText(Packet& p, const ByteView& view, std::uint32_t offset, std::uint32_t end) const {
        while (offset < end) {
            std::uint32_t next = offset;
            while (next < end && view.u8(next) != '\n') ++next;
            if (next < end) ++next;
            p.addText(field(Data), view, offset, next - offset, view.text(offset, next - offset));
            offset = next;
        }
    }

    // The command starting with the IAC at `offset`; returns where the bytes after it start.
    std::uint32_t command(Packet& p, const ByteView& view, std::uint32_t offset) const {
        if (view.need(offset, 2) != Availability::Available) {
            p.markUnavailable(*this, view, offset, 2);
            return view.reported();
        }
        const std::uint8_t code = view.u8(offset + 1);
        if (code == kIac) {
            // IAC IAC is the data byte 0xFF.
            p.addText(field(Data), view, offset, 2, view.text(offset + 1, 1));
            return offset + 2;
        }
        if (code >= kWill && code <= kDont) return negotiation(p, view, offset, code);
        if (code == kSubOption) return subOption(p, view, offset);
        const ItemRef item = p.add(field(Cmd), view, offset + 1, 1, FieldValue::ofUnsigned(code));
        if (p.buildsTree() && nameOf(kCommands, code).empty())
            p.setText(item, "Command: Unknown (" + std::to_string(code) + ")");
        return offset + 2;
    }

    // WILL / WON'T / DO / DON'T <option>.
    std::uint32_t negotiation(Packet& p, const ByteView& view, std::uint32_t offset,
                              std::uint8_t code) const {
        if (view.need(offset, 3) != Availability::Available) {
            p.markUnavailable(*this, view, offset, 3);
            return view.reported();
        }
        p.add(field(Cmd), view, offset + 1, 1, FieldValue::ofUnsigned(code));
        p.add(field(Subcmd), view, offset + 2, 1, FieldValue::ofUnsigned(view.u8(offset + 2)));
        return offset + 3;
    }

    // SB <option> <data> up to the IAC SE that ends it (or to the end of the bytes); the IAC SE
    // is the next command.
    std::uint32_t subOption(Packet& p, const ByteView& view, std::uint32_t offset) const {
        if (view.need(offset, 3) != Availability::Available) {
            p.markUnavailable(*this, view, offset, 3);
            return view.reported();
        }
        const std::uint8_t option = view.u8(offset + 2);
        p.add(field(Cmd), view, offset + 1, 1, FieldValue::ofUnsigned(kSubOption));
        p.add(field(Subcmd), view, offset + 2, 1, FieldValue::ofUnsigned(option));
        const std::uint32_t dataStart = offset + 3;
        std::uint32_t end = dataStart;
        while (end < view.captured() && !(view.u8(end) == kIac && view.u8(end + 1) == kSubEnd)) {
            end += view.u8(end) == kIac ? 2 : 1;  // IAC IAC inside the data is one 0xFF
        }
        end = std::min(end, view.captured());
        if (end == dataStart) return end;
        if (option == kTerminalType || option == kXDisplayLocation) {
            // String suboptions (RFC 1091, RFC 1096): SEND, or IS <value>.
            const std::uint8_t verb = view.u8(dataStart);
            p.add(field(Subcmd), view, dataStart, 1, FieldValue::ofUnsigned(verb));
            if (verb == kStringIs && end > dataStart + 1) {
                p.addText(field(StringValue), view, dataStart + 1, end - dataStart - 1,
                          view.text(dataStart + 1, end - dataStart - 1));
            }
        } else {
            p.addBytes(field(OptionData), view, dataStart, end - dataStart);
        }
        return end;
    }
};

}  // namespace

void registerTelnet(Registry& r) {
    auto& telnet = r.addProtocol<TelnetProtocol>(kTelnetFields);
    r.onHandoff(
        [&telnet](Registry& registry) { registry.table("tcp.port").add(kTelnetPort, telnet); });
}

}  // namespace caplens::proto
