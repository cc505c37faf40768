// bindings.cpp — the Embind half of the JavaScript API: ApiCapture as the JavaScript class
// `Capture` of caplens_core.mjs. Only the wrapper wasm/api/caplens.mjs uses it; its
// documentation is there. JavaScript numbers carry 64-bit sizes and offsets as doubles
// (exact up to 2^53 bytes), and bytes arrive as a Uint8Array copied straight into the
// memory the byte source prepared.
#include <emscripten/bind.h>
#include <emscripten/val.h>

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "wasm/api/api_capture.hpp"

namespace caplens::wasm {
namespace {

using emscripten::val;

ApiCapture* makeCapture(std::string fileName, double fileSize, bool gzip, double streamSize) {
    return new ApiCapture(std::move(fileName), static_cast<std::uint64_t>(fileSize), gzip,
                          static_cast<std::uint64_t>(streamSize));
}

int step(ApiCapture& capture, double budgetMs) {
    const auto budget = std::chrono::duration_cast<std::chrono::steady_clock::duration>(
        std::chrono::duration<double, std::milli>(budgetMs));
    return static_cast<int>(capture.step(budget));
}

// {offset, length}, or null when the operation needs no read now.
val takeRequest(ApiCapture& capture) {
    const auto request = capture.takeRequest();
    if (!request) return val::null();
    val read = val::object();
    read.set("offset", static_cast<double>(request->offset));
    read.set("length", static_cast<double>(request->length));
    return read;
}

// The answer to the read at `offset`; false when it is not the read the capture waits for.
bool receive(ApiCapture& capture, double offset, const val& bytes) {
    const auto length = bytes["length"].as<std::size_t>();
    std::uint8_t* into = capture.prepareReceive(static_cast<std::uint64_t>(offset), length);
    if (into == nullptr) return false;
    val(emscripten::typed_memory_view(length, into)).call<void>("set", bytes);
    capture.receive();
    return true;
}

void startFrame(ApiCapture& capture, double number) { capture.startFrame(static_cast<std::uint64_t>(number)); }
void startProtocols(ApiCapture& capture, double number) {
    capture.startProtocols(static_cast<std::uint64_t>(number));
}

// The file an export wrote, copied into a new Uint8Array (the wasm side lets go of it).
val takeResultBytes(ApiCapture& capture) {
    const std::vector<std::uint8_t> bytes = capture.takeResultBytes();
    return val::global("Uint8Array").new_(emscripten::typed_memory_view(bytes.size(), bytes.data()));
}

}  // namespace

EMSCRIPTEN_BINDINGS(caplens_api) {
    emscripten::class_<ApiCapture>("Capture")
        .constructor(&makeCapture, emscripten::allow_raw_pointers())
        .function("startOpen", &ApiCapture::startOpen)
        .function("startInfo", &ApiCapture::startInfo)
        .function("startPhs", &ApiCapture::startPhs)
        .function("startRtt", &ApiCapture::startRtt)
        .function("startConversations", &ApiCapture::startConversations)
        .function("startEndpoints", &ApiCapture::startEndpoints)
        .function("startDests", &ApiCapture::startDests)
        .function("startFindings", &ApiCapture::startFindings)
        .function("startFilter", &ApiCapture::startFilter)
        .function("startExport", &ApiCapture::startExport)
        .function("startFrame", &startFrame)
        .function("startProtocols", &startProtocols)
        .function("step", &step)
        .function("takeRequest", &takeRequest)
        .function("receive", &receive)
        .function("failSource", &ApiCapture::failSource)
        .function("progress", &ApiCapture::progress)
        .function("failed", &ApiCapture::failed)
        .function("resultJson", &ApiCapture::resultJson)
        .function("errorJson", &ApiCapture::errorJson)
        .function("takeResultBytes", &takeResultBytes);
}

}  // namespace caplens::wasm
