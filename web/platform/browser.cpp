#include "web/platform/browser.hpp"

#include <emscripten/emscripten.h>

// ---- C++ -> JavaScript: each function calls the glue's host object (Module.caplensHost,
// created in public/caplens.js), or reads a browser property directly.

EM_JS(void, caplens_js_request_bytes, (int id, int channel, double offset, double length), {
    Module.caplensHost.requestBytes(id, channel, offset, length);
});

EM_JS(void, caplens_js_copy_text, (const char* text), {
    Module.caplensHost.copyText(UTF8ToString(text));
});

EM_JS(void, caplens_js_download, (const char* name, const unsigned char* bytes, double length), {
    Module.caplensHost.download(UTF8ToString(name), HEAPU8.slice(bytes, bytes + length));
});

EM_JS(void, caplens_js_copy_view_link, (const char* fragment), {
    Module.caplensHost.copyViewLink(UTF8ToString(fragment));
});

EM_JS(void, caplens_js_pick_file, (), { Module.caplensHost.pickFile(); });

EM_JS(void, caplens_js_open_sample, (), { Module.caplensHost.openSample(); });

EM_JS(void, caplens_js_cancel_file, (int id), { Module.caplensHost.cancelFile(id); });

EM_JS(double, caplens_js_canvas_css_width, (), {
    return Module.canvas.getBoundingClientRect().width;
});

EM_JS(double, caplens_js_canvas_css_height, (), {
    return Module.canvas.getBoundingClientRect().height;
});

EM_JS(double, caplens_js_device_pixel_ratio, (), { return window.devicePixelRatio || 1; });

EM_JS(int, caplens_js_prefers_dark, (), {
    return window.matchMedia && window.matchMedia('(prefers-color-scheme: dark)').matches ? 1 : 0;
});

EM_JS(int, caplens_js_utc_offset_minutes, (double ms), { return -new Date(ms).getTimezoneOffset(); });

EM_JS(int, caplens_js_font_length, (int face), {
    const bytes = Module.caplensHost.fonts[face];
    return bytes ? bytes.length : 0;
});

EM_JS(void, caplens_js_copy_font, (int face, unsigned char* into), {
    HEAPU8.set(Module.caplensHost.fonts[face], into);
});

EM_JS(void, caplens_js_copy_arrived, (unsigned char* into), {
    HEAPU8.set(Module.caplensHost.arrived, into);
});

EM_JS(void, caplens_js_set_title, (const char* title), {
    document.title = UTF8ToString(title);
});

EM_JS(void, caplens_js_set_cursor, (const char* cursor), {
    Module.canvas.style.cursor = UTF8ToString(cursor);
});

namespace caplens::web::platform {
namespace {

// The one handler of the glue's events: the glue can only call plain exported functions.
BrowserEvents* g_handler = nullptr;

// The last state JSON handed to JavaScript; it reads it before the next call.
std::string g_stateJson;

}  // namespace

void setEventHandler(BrowserEvents* handler) { g_handler = handler; }

void requestBytes(int id, int channel, std::uint64_t offset, std::size_t length) {
    caplens_js_request_bytes(id, channel, static_cast<double>(offset), static_cast<double>(length));
}

void copyToClipboard(const std::string& text) { caplens_js_copy_text(text.c_str()); }

void downloadFile(const std::string& name, const std::vector<std::uint8_t>& bytes) {
    caplens_js_download(name.c_str(), bytes.data(), static_cast<double>(bytes.size()));
}

void copyViewLink(const std::string& fragment) { caplens_js_copy_view_link(fragment.c_str()); }

void pickFile() { caplens_js_pick_file(); }

void openSample() { caplens_js_open_sample(); }

void cancelFile(int id) { caplens_js_cancel_file(id); }

CssSize canvasCssSize() { return {caplens_js_canvas_css_width(), caplens_js_canvas_css_height()}; }

double devicePixelRatio() { return caplens_js_device_pixel_ratio(); }

bool prefersDarkScheme() { return caplens_js_prefers_dark() != 0; }

int utcOffsetMinutes(double unixMilliseconds) { return caplens_js_utc_offset_minutes(unixMilliseconds); }

std::vector<std::uint8_t> fontFile(FontFace face) {
    const int length = caplens_js_font_length(static_cast<int>(face));
    std::vector<std::uint8_t> bytes(static_cast<std::size_t>(length));
    if (length > 0) caplens_js_copy_font(static_cast<int>(face), bytes.data());
    return bytes;
}

void setDocumentTitle(const std::string& title) { caplens_js_set_title(title.c_str()); }

void setCursor(const char* cssCursor) { caplens_js_set_cursor(cssCursor); }

}  // namespace caplens::web::platform

// ---- JavaScript -> C++: the functions public/caplens.js calls (offsets and sizes travel as
// doubles: exact up to 2^53 bytes).

using caplens::web::platform::g_handler;

extern "C" {

EMSCRIPTEN_KEEPALIVE void caplens_file_opened(int id, const char* name, double fileSize, int gzip) {
    if (g_handler) g_handler->onFileOpened(id, name, static_cast<std::uint64_t>(fileSize), gzip != 0);
}

EMSCRIPTEN_KEEPALIVE void caplens_decompress_progress(int id, double fraction) {
    if (g_handler) g_handler->onDecompressProgress(id, fraction);
}

EMSCRIPTEN_KEEPALIVE void caplens_stream_ready(int id, double size) {
    if (g_handler) g_handler->onStreamReady(id, static_cast<std::uint64_t>(size));
}

// The glue has put the bytes in Module.caplensHost.arrived before calling.
EMSCRIPTEN_KEEPALIVE void caplens_bytes_arrived(int id, int channel, double offset, double length) {
    if (!g_handler) return;
    const auto count = static_cast<std::size_t>(length);
    std::uint8_t* into = g_handler->onBytesIncoming(id, channel, static_cast<std::uint64_t>(offset), count);
    if (into == nullptr) return;
    if (count > 0) caplens_js_copy_arrived(into);
    g_handler->onBytesReceived(id, channel);
}

EMSCRIPTEN_KEEPALIVE void caplens_source_failed(int id, int channel, const char* message) {
    if (g_handler) g_handler->onSourceFailed(id, channel, message);
}

EMSCRIPTEN_KEEPALIVE void caplens_view_link(const char* fragment) {
    if (g_handler) g_handler->onViewLink(fragment);
}

EMSCRIPTEN_KEEPALIVE void caplens_drag_hover(int active) {
    if (g_handler) g_handler->onDragHover(active != 0);
}

// Valid until the next call.
EMSCRIPTEN_KEEPALIVE const char* caplens_state_json() {
    using caplens::web::platform::g_stateJson;
    g_stateJson = g_handler ? g_handler->stateJson() : std::string(R"({"ready":false})");
    return g_stateJson.c_str();
}

}  // extern "C"
