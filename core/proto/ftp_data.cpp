// ftp-data — the data connections of FTP (RFC 959): file contents and directory listings,
// with no structure of their own. Reached on TCP port 20 (active mode from the server's data
// port) and through the conversations the control connection announces (ftp.cpp: PORT, PASV,
// EPRT, EPSV), as Wireshark 4.0's packet-ftp.c sets them up.
#include "core/proto/protocols.hpp"

namespace caplens::proto {
namespace {

constexpr std::uint16_t kFtpDataPort = 20;

class FtpDataProtocol final : public Dissector {
  public:
    FtpDataProtocol() : Dissector({"ftp-data", "FTP-DATA", "FTP Data"}) {}

    std::uint32_t dissect(Packet& p, const ByteView& view) const override {
        const ItemRef item = p.beginProtocol(*this, view, view.reported());
        const std::string length = std::to_string(view.reported());
        if (p.buildsTree()) p.setText(item, "FTP Data (" + length + " bytes data)");
        if (p.wantsColumns()) p.info() = "FTP Data: " + length + " bytes";
        return view.reported();
    }
};

}  // namespace

void registerFtpData(Registry& r) {
    auto& ftpData =
        r.addProtocol<FtpDataProtocol>(std::span<const FieldDef>{});  // the bytes are the item
    r.onHandoff(
        [&ftpData](Registry& registry) { registry.table("tcp.port").add(kFtpDataPort, ftpData); });
}

}  // namespace caplens::proto
