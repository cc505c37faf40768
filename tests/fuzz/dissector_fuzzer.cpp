// Fuzzes the dissectors: frame bytes x link type (dissector_input.hpp). The frames are
// dissected in order twice, in Fast mode (as the first pass) and in Tree mode (the frame on
// screen), and each once more alone (the packet list and details pane), whose details tree
// is then built, printed and checked: every byte range lies inside its data source, and the
// "Apply as Filter" texts compile. Sanitizers catch the rest.
#include <cstdint>
#include <span>
#include <string>

#include "core/capture/frame_details.hpp"
#include "core/filter/display_filter.hpp"
#include "core/io/pseudo_header.hpp"
#include "core/proto/frame_decoder.hpp"
#include "tests/fuzz/dissector_input.hpp"
#include "tests/fuzz/fuzz_support.hpp"

namespace caplens::fuzz {
namespace {

// Each node's bytes must lie inside the data source it names (the bytes pane highlights them).
// In a frame cut by the snap length a protocol may span the bytes that were not captured too.
void checkByteRanges(const FrameDetails& details, const proto::FrameInfo& frame) {
    const std::size_t uncaptured =
        frame.originalLength > frame.capturedLength ? frame.originalLength - frame.capturedLength : 0;
    for (const DetailNode& node : details.nodes) {
        if (node.length == 0) continue;
        if (node.source > details.sources.size()) fail("%s: data source %u of %zu", node.label.c_str(), node.source,
                                                       details.sources.size());
        const std::size_t size = node.source == 0 ? details.frameBytes.size() + uncaptured
                                                  : details.sources[node.source - 1].bytes.size();
        if (std::uint64_t{node.offset} + node.length > size) {
            fail("%s: bytes %u..%u outside its %zu-byte data source %u", node.label.c_str(), node.offset,
                 node.offset + node.length, size, node.source);
        }
    }
}

// What "Apply as Filter" offers must be a filter. Compiling is the slow part: every node's
// filter text is built, but only a few of them, spread over the tree, are compiled.
void checkApplyAsFilter(const FrameDetails& details, std::uint64_t seed) {
    constexpr std::size_t kCompiledPerTree = 6;
    InputRandom random(seed);
    for (std::size_t n = 0; n < kCompiledPerTree && !details.nodes.empty(); ++n) {
        const auto node = static_cast<std::int32_t>(random.below(details.nodes.size()));
        if (details.nodes[static_cast<std::size_t>(node)].abbrev.empty()) continue;
        const std::string text = details.filterFor(node);
        const filter::CompileResult compiled = filter::compile(text);
        if (!compiled) fail("Apply as Filter gives '%s': %s", text.c_str(), compiled.error.message.c_str());
    }
}

void inspectTree(const proto::Packet& packet, std::uint64_t seed) {
    const FrameDetails details = buildFrameDetails(packet);
    checkByteRanges(details, packet.frame());
    checkApplyAsFilter(details, seed);
    (void)frameDetailsJson(details);
    (void)frameDetailsText(details);
    for (const std::uint32_t offset : {0u, 13u, 40u}) (void)details.nodeAt(0, offset);
}

CapturedFrame frameOf(std::span<const std::uint8_t> bytes, const DissectorInput& input, std::size_t index) {
    CapturedFrame frame;
    frame.linkType = input.linkType;
    frame.data = bytes;
    frame.pseudoHeaderLength = pseudoHeaderLength(input.linkType, bytes).value_or(0);
    frame.capturedLength = static_cast<std::uint32_t>(bytes.size() - frame.pseudoHeaderLength);
    frame.originalLength = frame.capturedLength;
    if (input.flags & kCutBySnapLength) frame.originalLength += 100;
    if (input.flags & kShortOriginal) frame.originalLength = frame.capturedLength / 2;
    if (input.flags & kNetmonComment) frame.flags |= kFrameHasNetmonComment;
    frame.timestampNs = 1'700'000'000'000'000'000 + static_cast<TimestampNs>(index) * 1'000'000;
    return frame;
}

}  // namespace
}  // namespace caplens::fuzz

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace caplens;
    static const std::vector<LinkType> linkTypes = fuzz::dissectedLinkTypes();
    const fuzz::DissectorInput input = fuzz::parseDissectorInput({data, size}, linkTypes);
    if (input.frames.empty()) return -1;
    proto::FrameDecoder fast;
    proto::FrameDecoder tree;
    for (std::size_t i = 0; i < input.frames.size(); ++i) {
        const std::span<const std::uint8_t> bytes = input.frames[i];
        if (bytes.size() > kMaxFrameLength) continue;  // no reader hands such a frame over
        const CapturedFrame frame = fuzz::frameOf(bytes, input, i);
        (void)fast.decode(frame, proto::DissectionMode::Fast, nullptr, (input.flags & fuzz::kColumns) != 0);
        const proto::Packet& inOrder = tree.decode(frame, proto::DissectionMode::Tree, nullptr, true);
        const proto::FrameInfo info = inOrder.frame();
        const std::uint64_t seed = fuzz::fnv1a(bytes);
        fuzz::inspectTree(inOrder, seed);
        fuzz::inspectTree(tree.decodeAlone(frame, info, proto::FrameReplay{}, proto::DissectionMode::Tree, nullptr, true),
                          seed + 1);
    }
    return 0;
}
