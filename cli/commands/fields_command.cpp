// `caplens fields FILE -e FIELD [-e FIELD ...]` — one line per frame with the values of the
// given fields, tab-separated, several occurrences joined with ',' (as `tshark -T fields`).
#include <cstdio>
#include <string>
#include <vector>

#include "cli/capture_pass.hpp"
#include "cli/commands/commands.hpp"
#include "core/proto/field_format.hpp"
#include "core/proto/frame_decoder.hpp"

namespace caplens::cli {
namespace {

class FieldsSink final : public FrameSink {
public:
    explicit FieldsSink(std::vector<proto::FieldId> fields) : m_fields(std::move(fields)) {
        m_mask.assign(proto::registry().fieldCount(), 0);
        for (const auto id : m_fields) m_mask[id] = 1;
    }

    void onFrame(const CapturedFrame& frame) override {
        const proto::Packet& packet = m_decoder.decode(frame, proto::DissectionMode::Filter, &m_mask, false);
        std::string line;
        for (std::size_t i = 0; i < m_fields.size(); ++i) {
            if (i > 0) line += '\t';
            line += valuesOf(packet, m_fields[i]);
        }
        line += '\n';
        std::fputs(line.c_str(), stdout);
    }

private:
    static std::string valuesOf(const proto::Packet& packet, proto::FieldId field) {
        const proto::FieldDef& def = proto::registry().field(field);
        std::string out;
        for (const auto& record : packet.records()) {
            if (record.field != field) continue;
            if (!out.empty()) out += ',';
            out += proto::fieldsText(def, record, packet.recordBytes(record));
        }
        return out;
    }

    std::vector<proto::FieldId> m_fields;
    proto::FieldMask m_mask;
    proto::FrameDecoder m_decoder;
};

int runFields(const Arguments& args) {
    std::vector<proto::FieldId> fields;
    for (const auto& name : args.values("-e")) {
        const auto id = proto::registry().findField(name);
        if (!id) {
            std::fprintf(stderr, "caplens: \"%s\" is neither a field nor a protocol name.\n", name.c_str());
            return kExitUsage;
        }
        fields.push_back(*id);
    }
    if (fields.empty()) {
        std::fputs("caplens: fields needs at least one -e FIELD\n", stderr);
        return kExitUsage;
    }
    FieldsSink sink(std::move(fields));
    const CapturePass pass = readCapture(args.positional[0], sink);
    if (pass.info.error) {
        reportCaptureError(pass);
        return kExitDamaged;
    }
    return kExitOk;
}

}  // namespace

CommandSpec fieldsCommand() {
    return {"fields", "fields FILE -e FIELD [-e FIELD ...]", "field values per frame, like tshark -T fields",
            {}, {"-e"}, 1, runFields};
}

}  // namespace caplens::cli
