#include "core/capture/capture_info.hpp"

#include <algorithm>
#include <cstdio>

#include "core/util/json_writer.hpp"
#include "core/util/time_format.hpp"

namespace caplens {
namespace {

std::string precisionName(int digits) {
    switch (digits) {
        case 0: return "seconds (0)";
        case 3: return "milliseconds (3)";
        case 6: return "microseconds (6)";
        case 9: return "nanoseconds (9)";
        default: return std::to_string(digits) + " digits";
    }
}

void line(std::string& out, const char* label, const std::string& value) {
    char head[48];
    std::snprintf(head, sizeof head, "%-20s ", label);
    out += head;
    out += value;
    out += '\n';
}

std::string fixed2(double value) {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.2f", value);
    return buffer;
}

void appendRates(std::string& out, const CaptureInfo& info) {
    const CaptureProperties& p = info.properties;
    // Like capinfos, no times at all when some frame has none (pcapng Simple Packet Blocks).
    const auto duration = p.everyFrameHasTimestamp() ? p.durationSeconds() : std::nullopt;
    const int digits = info.metadata.timestampDigits;
    if (duration) {
        line(out, "Capture duration:", formatSeconds(*p.end - *p.start, digits) + " seconds");
        line(out, "First packet time:", formatUtc(*p.start, digits));
        line(out, "Last packet time:", formatUtc(*p.end, digits));
    } else {
        line(out, "Capture duration:", "n/a");
        line(out, "First packet time:", "n/a");
        line(out, "Last packet time:", "n/a");
    }
    if (duration && *duration > 0) {
        line(out, "Data byte rate:", fixed2(static_cast<double>(p.bytes) / *duration) + " bytes/sec");
        line(out, "Data bit rate:", fixed2(static_cast<double>(p.bytes) * 8 / *duration) + " bits/sec");
    }
    if (p.frames > 0) {
        line(out, "Average packet size:",
             fixed2(static_cast<double>(p.bytes) / static_cast<double>(p.frames)) + " bytes");
    }
    if (duration && *duration > 0) {
        line(out, "Average packet rate:",
             fixed2(static_cast<double>(p.frames) / *duration) + " packets/sec");
    }
}

void appendInterfaces(std::string& out, const CaptureInfo& info) {
    const auto& interfaces = info.metadata.interfaces;
    if (interfaces.empty()) return;
    out += "Number of interfaces in file: " + std::to_string(interfaces.size()) + "\n";
    for (std::size_t i = 0; i < interfaces.size(); ++i) {
        const InterfaceInfo& itf = interfaces[i];
        const LinkTypeNames names = linkTypeNames(itf.linkType);
        out += "Interface #" + std::to_string(i) + " info:\n";
        const auto field = [&](const std::string& text) { out += "                     " + text + "\n"; };
        if (!itf.name.empty()) field("Name = " + itf.name);
        if (!itf.description.empty()) field("Description = " + itf.description);
        field("Encapsulation = " + std::string(names.longName) + " (" +
              std::to_string(itf.linkType) + " - " + std::string(names.shortName) + ")");
        field("Capture length = " + std::to_string(itf.snapLength));
        field("Time precision = " + precisionName(itf.timestampDigits));
        if (!itf.filter.empty()) field("Filter string = " + itf.filter);
        if (!itf.os.empty()) field("Operating system = " + itf.os);
    }
}

bool interfacesDisagree(const std::vector<InterfaceInfo>& interfaces) {
    return std::any_of(interfaces.begin(), interfaces.end(), [&](const InterfaceInfo& itf) {
        return itf.linkType != interfaces.front().linkType;
    });
}

}  // namespace

std::string fileEncapsulationName(const CaptureInfo& info) {
    const auto& encaps = info.properties.encapsulations;
    const auto& interfaces = info.metadata.interfaces;
    // Wireshark decides from the file's declarations first (NetMon 2.1+, pcapng interfaces of
    // different link types), then from what the frames turned out to use.
    if (info.metadata.perPacketLinkTypes || interfacesDisagree(interfaces) || encaps.size() > 1) {
        return "per-packet";
    }
    if (encaps.size() == 1) return std::string(linkTypeNames(encaps.front().linkType).shortName);
    if (!interfaces.empty()) return std::string(linkTypeNames(interfaces.front().linkType).shortName);
    return "unknown";
}

std::vector<std::string> encapsulationNames(const CaptureInfo& info) {
    std::vector<std::string> names;
    const auto add = [&](LinkType type) {
        std::string name(linkTypeNames(type).longName);
        if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
    };
    if (!info.properties.encapsulations.empty()) {
        for (const auto& e : info.properties.encapsulations) add(e.linkType);
    } else {
        for (const auto& itf : info.metadata.interfaces) add(itf.linkType);
    }
    return names;
}

std::string captureInfoJson(const CaptureInfo& info) {
    const CaptureProperties& p = info.properties;
    JsonWriter w;
    w.beginObject();
    w.key("file").value(info.fileName);
    w.key("format").value(captureFormatName(info.format));
    w.key("encapsulations").beginArray();
    for (const auto& name : encapsulationNames(info)) w.value(name);
    w.endArray();
    w.key("frames").value(p.frames);
    w.key("bytes").value(p.bytes);
    w.key("captured_bytes").value(p.capturedBytes);
    w.key("start_ns").value(p.start);
    w.key("end_ns").value(p.end);
    w.key("truncated_frames").value(p.truncatedFrames);
    w.key("interfaces").value(static_cast<std::uint64_t>(info.metadata.interfaces.size()));
    w.key("error");
    if (info.error) {
        w.beginObject();
        w.key("message").value(info.error.message);
        w.key("offset").value(info.error.offset);
        w.endObject();
    } else {
        w.null();
    }
    w.endObject();
    return w.take();
}

std::string captureInfoText(const CaptureInfo& info) {
    const CaptureProperties& p = info.properties;
    std::string out;
    line(out, "File name:", info.fileName);
    std::string type(captureFormatName(info.format));
    if (info.gzip) type += " (gzip compressed)";
    line(out, "File type:", type);
    const std::string encapsulation = fileEncapsulationName(info);
    line(out, "File encapsulation:", encapsulation);
    if (encapsulation == "per-packet") {
        out += "Encapsulation in use by packets (# of pkts):\n";
        for (const auto& e : p.encapsulations) {
            out += "                     " + std::string(linkTypeNames(e.linkType).longName) + " (" +
                   std::to_string(e.frames) + ")\n";
        }
    }
    line(out, "File timestamp precision:", precisionName(info.metadata.timestampDigits));
    const auto& itfs = info.metadata.interfaces;
    const std::uint32_t snap = itfs.size() == 1 ? itfs.front().snapLength : 0;
    line(out, "Packet size limit:", snap ? "file hdr: " + std::to_string(snap) + " bytes" : "file hdr: (not set)");
    line(out, "Number of packets:", std::to_string(p.frames));
    if (info.fileSize) line(out, "File size:", std::to_string(*info.fileSize) + " bytes");
    line(out, "Data size:", std::to_string(p.bytes) + " bytes");
    line(out, "Captured size:", std::to_string(p.capturedBytes) + " bytes");
    if (p.truncatedFrames > 0) {
        line(out, "Cut by snap length:", std::to_string(p.truncatedFrames) + " packets");
    }
    appendRates(out, info);
    line(out, "Strict time order:", p.strictTimeOrder ? "True" : "False");
    if (!info.metadata.hardware.empty()) line(out, "Capture hardware:", info.metadata.hardware);
    if (!info.metadata.os.empty()) line(out, "Capture oper-sys:", info.metadata.os);
    if (!info.metadata.application.empty()) line(out, "Capture application:", info.metadata.application);
    for (const auto& comment : info.metadata.comments) line(out, "Capture comment:", comment);
    appendInterfaces(out, info);
    if (info.error) {
        out += "Error:               " + info.error.message + " (at byte offset " +
               std::to_string(info.error.offset) + ")\n";
    }
    return out;
}

}  // namespace caplens
