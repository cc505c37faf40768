// app.hpp — the caplens web application: owns the capture session, the views, the theme and
// fonts, and runs one animation frame at a time.
//
// The page glue's events (a file dropped, bytes arrived) reach the App through
// platform::BrowserEvents; the views reach it through the accessors below. Per-capture state
// lives in the session object (wasm::CaptureSession), replaced when another file is opened.
#pragma once

#include <array>
#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/filter/filter_error.hpp"
#include "imgui.h"
#include "wasm/capture_session.hpp"
#include "web/fonts.hpp"
#include "web/platform/browser.hpp"
#include "web/statistics_windows.hpp"
#include "web/theme.hpp"
#include "web/view_links.hpp"
#include "web/view.hpp"

struct GLFWwindow;

namespace caplens::web {

// The screens of an open capture (the tabs under the toolbar).
enum class Screen { Summary, Packets, Properties };
[[nodiscard]] const char* screenName(Screen screen);  // "summary", "packets", "properties"

// The display-filter bar's text being edited, and its live check.
struct FilterEdit {
    std::string text;                    // as typed
    std::string checkedText;             // the text `error` was computed for
    std::optional<filter::FilterError> error;  // set when the text does not compile
    bool focusRequested = false;         // Ctrl+/ or Prepare as Filter
};

class App final : public platform::BrowserEvents {
public:
    // Expects ImGui's context and its GLFW/OpenGL backends to be initialised for `window`.
    explicit App(GLFWwindow* window);
    ~App() override;
    App(const App&) = delete;
    App& operator=(const App&) = delete;

    // One animation frame: fits the canvas to the window, advances the reading job, then
    // draws and renders every view.
    void frame();

    // ---- for views
    // The open capture, or nullptr before the first file.
    [[nodiscard]] const wasm::CaptureSession* session() const { return m_session.get(); }
    // The same, for views that read frames (rows, details) or start jobs (filters).
    [[nodiscard]] wasm::CaptureSession* session() { return m_session.get(); }
    // Opens the browser's file chooser (from a click handler: it needs the user's gesture).
    void openFilePicker();
    // Opens the sample capture bundled with the site.
    void openSample();
    [[nodiscard]] ThemeMode themeMode() const { return m_themeMode; }
    // Takes effect at the start of the next frame: changing ImGui's style while views have
    // colours pushed would be undone by their pops.
    void setThemeMode(ThemeMode mode) { m_requestedTheme = mode; }
    [[nodiscard]] const Palette& palette() const { return paletteFor(m_themeMode); }
    [[nodiscard]] const FontRoles& fonts() const { return m_fonts.roles(); }
    // Device pixels per CSS pixel: views multiply their logical sizes by it.
    [[nodiscard]] float scale() const { return m_scale; }
    [[nodiscard]] const Layout& layout() const { return m_layout; }
    // True while the user drags a file over the page.
    [[nodiscard]] bool dragHover() const { return m_dragHover; }
    // Publishes an element's rectangle (device pixels) under `id` for the page's test hook,
    // so that a browser test can click it: a canvas has no DOM.
    void exposeTarget(const std::string& id, ImVec2 min, ImVec2 max);
    // Publishes a member of the test hook's state for this frame: `json` is its value.
    void exposeState(const std::string& key, std::string json);

    // ---- the open capture's screens and filter bar
    [[nodiscard]] Screen screen() const { return m_screen; }
    void setScreen(Screen screen) { m_screen = screen; }
    [[nodiscard]] FilterEdit& filterEdit() { return m_filterEdit; }
    // Re-checks the filter bar's text when it changed (compiles it; cheap).
    void checkFilterText();
    // Puts `text` in the filter bar, applies it and shows the packet list; a filter that
    // compiles goes to the top of the history. By value: callers pass the bar's text or a
    // history entry, both of which this changes.
    void applyFilter(std::string text);
    // The filters applied in this page, most recent first (at most kFilterHistory, no repeats).
    [[nodiscard]] const std::vector<std::string>& filterHistory() const { return m_filterHistory; }
    // Puts `text` in the filter bar without applying it, and focuses the bar.
    void prepareFilter(const std::string& text);
    // Copies `text` to the system clipboard.
    void copyText(const std::string& text);

    // ---- the Statistics menu's windows (floating over the screens; several may be open)
    [[nodiscard]] bool windowOpen(StatisticsWindow window) const {
        return m_openWindows[static_cast<std::size_t>(window)];
    }
    void setWindowOpen(StatisticsWindow window, bool open) { m_openWindows[static_cast<std::size_t>(window)] = open; }
    // Export Specified Packets (opened from the navigation bar, drawn by ExportView).
    [[nodiscard]] bool exportOpen() const { return m_exportOpen; }
    void setExportOpen(bool open) { m_exportOpen = open; }

    // Follow TCP/UDP Stream (opened from the packet list, drawn by FollowStreamView).
    [[nodiscard]] bool followOpen() const { return m_followOpen; }
    void setFollowOpen(bool open) { m_followOpen = open; }
    // Follows the stream of frame `number`: applies its filter and opens the window.
    void followStream(wasm::CaptureSession::StreamRef stream);

    // ---- links to a view (view_links.hpp)
    [[nodiscard]] ViewLinks& links() { return m_links; }
    [[nodiscard]] const ViewLinks& links() const { return m_links; }
    // Copies a link to the view on screen (false until the capture is fingerprinted).
    bool copyViewLink();

    // ---- platform::BrowserEvents
    void onFileOpened(int id, std::string name, std::uint64_t fileSize, bool gzip) override;
    void onDecompressProgress(int id, double fraction) override;
    void onStreamReady(int id, std::uint64_t size) override;
    std::uint8_t* onBytesIncoming(int id, int channel, std::uint64_t offset, std::size_t length) override;
    void onBytesReceived(int id, int channel) override;
    void onSourceFailed(int id, int channel, std::string message) override;
    void onViewLink(std::string fragment) override;
    void onDragHover(bool active) override;
    [[nodiscard]] std::string stateJson() const override;

private:
    // How long the reading job may run per frame: enough to read quickly, short enough that
    // the page keeps 60 frames per second.
    static constexpr auto kJobBudget = std::chrono::milliseconds(8);

    [[nodiscard]] wasm::CaptureSession* sessionFor(int id);
    void fitCanvas();
    void applyScale(float scale);
    void advanceJob();
    void cancelOnEscape();
    // Hands the session's pending reads to the page glue.
    void sendByteRequests();
    // The keys of the view the App owns (screen, filter, frame, sort, windows): restored from a
    // link, and written for the next one.
    void restoreView();
    void writeView();
    void updateLayout();
    void updateCursor();
    void render();

    GLFWwindow* m_window;
    FontLibrary m_fonts;
    std::vector<std::unique_ptr<View>> m_views;
    std::unique_ptr<wasm::CaptureSession> m_session;
    ThemeMode m_themeMode;
    ThemeMode m_requestedTheme;
    float m_scale = 0;
    int m_canvasWidth = 0;   // device pixels
    int m_canvasHeight = 0;
    Layout m_layout;
    bool m_dragHover = false;
    bool m_fontTextureUploaded = false;
    ImGuiMouseCursor m_cursor = ImGuiMouseCursor_COUNT;
    // Test targets being collected this frame, and those of the last complete frame.
    std::map<std::string, Rect> m_targets;
    std::map<std::string, Rect> m_publishedTargets;
    std::map<std::string, std::string> m_states;
    std::map<std::string, std::string> m_publishedStates;
    Screen m_screen = Screen::Summary;
    FilterEdit m_filterEdit;
    std::array<bool, kStatisticsWindowCount> m_openWindows{};
    bool m_exportOpen = false;
    bool m_followOpen = false;
    ViewLinks m_links;
    static constexpr std::size_t kFilterHistory = 20;
    std::vector<std::string> m_filterHistory;
};

}  // namespace caplens::web
