// ntp — Network Time Protocol (RFC 5905) on UDP and TCP port 123: the 48-byte header of modes
// 1-5, optional key ID and MAC; control messages (mode 6, RFC 1305 appendix B) and NTPd's
// private mode 7 with their own headers.
//
//   |LI | VN  |Mode|    Stratum    |     Poll      |   Precision   |
//   |  Root Delay | Root Dispersion | Reference ID | Reference, Origin, Receive, Transmit
//   timestamps (64 bits each: seconds since 1900 and a binary fraction)
#include <cstdio>

#include "core/proto/names.hpp"
#include "core/proto/protocols.hpp"

namespace caplens::proto {
namespace {

constexpr std::uint16_t kNtpPort = 123;
constexpr std::uint32_t kHeaderLength = 48;
constexpr std::int64_t kNtpToUnixSeconds = 2208988800;
constexpr std::uint8_t kModeControl = 6;
constexpr std::uint8_t kModePrivate = 7;

enum NtpField : FieldIndex {
    Flags, FlagsLi, FlagsVn, FlagsMode, Stratum, Ppoll, Precision, RootDelay, RootDispersion, Refid, Reftime, Org,
    Rec, Xmt, Keyid, Mac, CtrlFlags2, CtrlFlags2R, CtrlFlags2Error, CtrlFlags2More, CtrlFlags2Opcode, CtrlSequence,
    CtrlStatus, CtrlAssocid, CtrlOffset, CtrlCount, PrivFlagsR, PrivFlagsMore, PrivAuthSeq, PrivImpl, PrivReqcode,
    kNtpFieldCount
};

constexpr ValueName kLiNames[] = {{0, "no warning"}, {1, "last minute of the day has 61 seconds"},
                                  {2, "last minute of the day has 59 seconds"},
                                  {3, "unknown (clock unsynchronized)"}};
constexpr ValueName kVersionNames[] = {{0, "reserved"}, {1, "NTP Version 1"}, {2, "NTP Version 2"},
                                       {3, "NTP Version 3"}, {4, "NTP Version 4"}, {5, "reserved"},
                                       {6, "reserved"}, {7, "reserved"}};
constexpr ValueName kModeNames[] = {{0, "reserved"}, {1, "symmetric active"}, {2, "symmetric passive"},
                                    {3, "client"}, {4, "server"}, {5, "broadcast"},
                                    {6, "reserved for NTP control message"}, {7, "reserved for private use"}};

constexpr FieldDef kNtpFields[] = {
    {Flags, "ntp.flags", "Flags", FieldType::UInt8, Base::Hex},
    {FlagsLi, "ntp.flags.li", "Leap Indicator", FieldType::UInt8, Base::Dec, 0xc0, kLiNames},
    {FlagsVn, "ntp.flags.vn", "Version number", FieldType::UInt8, Base::Dec, 0x38, kVersionNames},
    {FlagsMode, "ntp.flags.mode", "Mode", FieldType::UInt8, Base::Dec, 0x07, kModeNames},
    {Stratum, "ntp.stratum", "Peer Clock Stratum", FieldType::UInt8, Base::Dec},
    {Ppoll, "ntp.ppoll", "Peer Polling Interval", FieldType::UInt8, Base::Dec},
    {Precision, "ntp.precision", "Peer Clock Precision", FieldType::UInt8, Base::Dec},
    {RootDelay, "ntp.rootdelay", "Root Delay", FieldType::UInt32, Base::Dec},
    {RootDispersion, "ntp.rootdispersion", "Root Dispersion", FieldType::UInt32, Base::Dec},
    {Refid, "ntp.refid", "Reference ID", FieldType::Bytes},
    {Reftime, "ntp.reftime", "Reference Timestamp", FieldType::AbsoluteTime},
    {Org, "ntp.org", "Origin Timestamp", FieldType::AbsoluteTime},
    {Rec, "ntp.rec", "Receive Timestamp", FieldType::AbsoluteTime},
    {Xmt, "ntp.xmt", "Transmit Timestamp", FieldType::AbsoluteTime},
    {Keyid, "ntp.keyid", "Key ID", FieldType::Bytes},
    {Mac, "ntp.mac", "Message Authentication Code", FieldType::Bytes},
    {CtrlFlags2, "ntp.ctrl.flags2", "Flags 2", FieldType::UInt8, Base::Hex},
    {CtrlFlags2R, "ntp.ctrl.flags2.r", "Response bit", FieldType::UInt8, Base::Dec, 0x80},
    {CtrlFlags2Error, "ntp.ctrl.flags2.error", "Error bit", FieldType::UInt8, Base::Dec, 0x40},
    {CtrlFlags2More, "ntp.ctrl.flags2.more", "More bit", FieldType::UInt8, Base::Dec, 0x20},
    {CtrlFlags2Opcode, "ntp.ctrl.flags2.opcode", "Opcode", FieldType::UInt8, Base::Dec, 0x1f},
    {CtrlSequence, "ntp.ctrl.sequence", "Sequence", FieldType::UInt16, Base::Dec},
    {CtrlStatus, "ntp.ctrl.status", "Status", FieldType::UInt16, Base::Hex},
    {CtrlAssocid, "ntp.ctrl.associd", "AssociationID", FieldType::UInt16, Base::Dec},
    {CtrlOffset, "ntp.ctrl.offset", "Offset", FieldType::UInt16, Base::Dec},
    {CtrlCount, "ntp.ctrl.count", "Count", FieldType::UInt16, Base::Dec},
    {PrivFlagsR, "ntp.priv.flags.r", "Response bit", FieldType::UInt8, Base::Dec, 0x80},
    {PrivFlagsMore, "ntp.priv.flags.more", "More bit", FieldType::UInt8, Base::Dec, 0x40},
    {PrivAuthSeq, "ntp.priv.auth_seq", "Auth, sequence", FieldType::UInt8, Base::Dec},
    {PrivImpl, "ntp.priv.impl", "Implementation", FieldType::UInt8, Base::Dec},
    {PrivReqcode, "ntp.priv.reqcode", "Request code", FieldType::UInt8, Base::Dec},
};
static_assert(std::size(kNtpFields) == kNtpFieldCount);

class NtpProtocol final : public Dissector {
public:
    NtpProtocol() : Dissector({"ntp", "NTP", "Network Time Protocol"}) {}

    std::uint32_t dissect(Packet& p, const ByteView& view) const override {
        const ItemRef item = p.beginProtocol(*this, view, view.reported());
        if (view.need(0, 1) != Availability::Available) {
            p.markUnavailable(*this, view, 0, 1);
            return view.reported();
        }
        const std::uint8_t flags = view.u8(0);
        const std::uint8_t version = (flags >> 3) & 7;
        const std::uint8_t mode = flags & 7;
        const ItemRef flagsItem = p.add(field(Flags), view, 0, 1, FieldValue::ofUnsigned(flags));
        p.push(flagsItem);
        p.addUint(field(FlagsLi), view, 0, 1);
        p.addUint(field(FlagsVn), view, 0, 1);
        p.addUint(field(FlagsMode), view, 0, 1);
        p.pop();
        const std::string summary = std::string(nameOf(kVersionNames, version)) + ", " +
                                    std::string(nameOf(kModeNames, mode));
        if (p.buildsTree()) p.setText(item, "Network Time Protocol (" + summary + ")");
        if (p.wantsColumns()) p.info() = summary;
        if (mode == kModeControl) {
            control(p, view);
        } else if (mode == kModePrivate) {
            privateMode(p, view);
        } else {
            timeMessage(p, view);
        }
        return view.reported();
    }

private:
    void timeMessage(Packet& p, const ByteView& v) const {
        if (v.need(0, kHeaderLength) != Availability::Available) {
            p.markUnavailable(*this, v, 0, kHeaderLength);
            return;
        }
        p.addUint(field(Stratum), v, 1, 1);
        p.addUint(field(Ppoll), v, 2, 1);
        p.addUint(field(Precision), v, 3, 1);
        p.addUint(field(RootDelay), v, 4, 4);
        p.addUint(field(RootDispersion), v, 8, 4);
        p.addBytes(field(Refid), v, 12, 4);
        timestamp(p, v, 16, Reftime);
        timestamp(p, v, 24, Org);
        timestamp(p, v, 32, Rec);
        timestamp(p, v, 40, Xmt);
        // What follows: a key ID and a MAC (4 + 16 or 4 + 20 bytes); extension fields of NTPv4
        // are not decoded.
        const std::uint32_t rest = v.reported() - kHeaderLength;
        if (rest >= 4 && rest <= 24) {
            p.addBytes(field(Keyid), v, kHeaderLength, 4);
            if (rest > 4) p.addBytes(field(Mac), v, kHeaderLength + 4, rest - 4);
        }
    }

    void timestamp(Packet& p, const ByteView& v, std::uint32_t at, NtpField f) const {
        if (!p.wants(field(f))) return;
        const std::uint64_t raw = v.u64(at);
        const std::int64_t seconds = static_cast<std::int64_t>(raw >> 32) - kNtpToUnixSeconds;
        const std::int64_t nanos = static_cast<std::int64_t>(((raw & 0xffffffffu) * 1000000000ull) >> 32);
        p.add(field(f), v, at, 8, FieldValue::ofSigned(raw == 0 ? 0 : seconds * 1000000000 + nanos));
    }

    void control(Packet& p, const ByteView& v) const {
        if (v.need(0, 12) != Availability::Available) {
            p.markUnavailable(*this, v, 0, 12);
            return;
        }
        const ItemRef flags2 = p.add(field(CtrlFlags2), v, 1, 1, FieldValue::ofUnsigned(v.u8(1)));
        p.push(flags2);
        for (FieldIndex f : {CtrlFlags2R, CtrlFlags2Error, CtrlFlags2More, CtrlFlags2Opcode}) p.addUint(field(f), v, 1, 1);
        p.pop();
        p.addUint(field(CtrlSequence), v, 2, 2);
        p.addUint(field(CtrlStatus), v, 4, 2);
        p.addUint(field(CtrlAssocid), v, 6, 2);
        p.addUint(field(CtrlOffset), v, 8, 2);
        p.addUint(field(CtrlCount), v, 10, 2);
    }

    void privateMode(Packet& p, const ByteView& v) const {
        if (v.need(0, 4) != Availability::Available) {
            p.markUnavailable(*this, v, 0, 4);
            return;
        }
        p.addUint(field(PrivFlagsR), v, 0, 1);
        p.addUint(field(PrivFlagsMore), v, 0, 1);
        p.addUint(field(PrivAuthSeq), v, 1, 1);
        p.addUint(field(PrivImpl), v, 2, 1);
        p.addUint(field(PrivReqcode), v, 3, 1);
    }
};

}  // namespace

void registerNtp(Registry& r) {
    auto& ntp = r.addProtocol<NtpProtocol>(kNtpFields);
    r.onHandoff([&ntp](Registry& registry) {
        registry.table("udp.port").add(kNtpPort, ntp);
        registry.table("tcp.port").add(kNtpPort, ntp);
    });
}

}  // namespace caplens::proto
