// browser.hpp — everything the app asks of the browser, and every entry point the page glue
// (public/caplens.js) calls. All EM_JS and EMSCRIPTEN_KEEPALIVE code lives in browser.cpp,
// so the rest of the app is ordinary C++.
//
// Files never pass through Emscripten's file system: the glue keeps the File (or, for gzip,
// its inflated Blob) and answers byte requests one slice at a time.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace caplens::web::platform {

// What the page glue reports to the app. The app registers one handler at start-up.
class BrowserEvents {
public:
    virtual ~BrowserEvents() = default;
    // The user dropped or picked a file; the glue numbers files with `id`.
    virtual void onFileOpened(int id, std::string name, std::uint64_t fileSize, bool gzip) = 0;
    // Inflating a gzip file: `fraction` of its compressed bytes consumed.
    virtual void onDecompressProgress(int id, double fraction) = 0;
    // The byte stream of file `id` can be read: `size` bytes (inflated size for gzip).
    virtual void onStreamReady(int id, std::uint64_t size) = 0;
    // Bytes for request (id, channel, offset) arrived: where to copy `length` of them
    // (nullptr: the request is no longer wanted), then onBytesReceived() once they are copied.
    virtual std::uint8_t* onBytesIncoming(int id, int channel, std::uint64_t offset, std::size_t length) = 0;
    virtual void onBytesReceived(int id, int channel) = 0;
    // The file's bytes could not be read (channel 0 while opening: not at all).
    virtual void onSourceFailed(int id, int channel, std::string message) = 0;
    // The page's URL fragment, at start and whenever it changes (a pasted view link).
    virtual void onViewLink(std::string fragment) = 0;
    // A drag with files entered (true) or left (false) the page.
    virtual void onDragHover(bool active) = 0;
    // The page's read-only test hook, window.caplens.state(), as JSON.
    [[nodiscard]] virtual std::string stateJson() const = 0;
};

// Where the glue's events go (nullptr: dropped).
void setEventHandler(BrowserEvents* handler);

// Asks the glue to read `length` bytes of file `id`'s stream from `offset`; the answer comes
// back with the same `channel` (the session reads on several at once).
void requestBytes(int id, int channel, std::uint64_t offset, std::size_t length);
// Puts `text` on the system clipboard (from a user's click: the browser requires a gesture).
void copyToClipboard(const std::string& text);
// Offers `bytes` to the user as a downloaded file named `name` (the browser saves it, or asks
// where). Nothing leaves the machine: the file is made from memory in the page.
void downloadFile(const std::string& name, const std::vector<std::uint8_t>& bytes);
// Copies the page's address with `fragment` as its fragment (a link to the view on screen).
void copyViewLink(const std::string& fragment);
// Opens the browser's file chooser (call during or shortly after a user's click).
void pickFile();
// Opens the sample capture bundled with the site.
void openSample();
// Stops the glue's work on file `id` (reading, decompressing) after the user cancelled it.
void cancelFile(int id);

struct CssSize {
    double width = 0;
    double height = 0;
};
// The canvas' size in CSS pixels (it fills the window).
[[nodiscard]] CssSize canvasCssSize();
// Device pixels per CSS pixel (2 on most HiDPI screens; changes with browser zoom).
[[nodiscard]] double devicePixelRatio();
// The user's colour-scheme preference.
[[nodiscard]] bool prefersDarkScheme();

// The browser's local time zone's offset from UTC at a moment (milliseconds since 1970), in
// minutes east of Greenwich (daylight saving time included).
[[nodiscard]] int utcOffsetMinutes(double unixMilliseconds);

enum class FontFace : int { Regular = 0, SemiBold = 1, Mono = 2 };
// The bytes of a font file the glue fetched before starting the app (empty if it failed).
[[nodiscard]] std::vector<std::uint8_t> fontFile(FontFace face);

// The browser tab's title.
void setDocumentTitle(const std::string& title);

// The mouse pointer over the canvas, as a CSS cursor name ("default", "pointer", "text", ...).
// Emscripten's GLFW ignores glfwSetCursor(), so the app sets the canvas' CSS cursor itself.
void setCursor(const char* cssCursor);

}  // namespace caplens::web::platform
