#include "web/app.hpp"

#include <GLES3/gl3.h>
#include <GLFW/glfw3.h>

#include <algorithm>
#include <charconv>
#include <cmath>

#include "core/util/json_writer.hpp"
#include "imgui_impl_glfw.h"
#include "imgui_impl_opengl3.h"
#include "web/views/views.hpp"

namespace caplens::web {

const char* screenName(Screen screen) {
    switch (screen) {
        case Screen::Summary: return "summary";
        case Screen::Packets: return "packets";
        case Screen::Properties: return "properties";
    }
    return "summary";
}

App::App(GLFWwindow* window)
    : m_window(window),
      m_fonts(platform::fontFile(platform::FontFace::Regular),
              platform::fontFile(platform::FontFace::SemiBold),
              platform::fontFile(platform::FontFace::Mono)),
      m_views(registerViews()),
      m_themeMode(platform::prefersDarkScheme() ? ThemeMode::Dark : ThemeMode::Light),
      m_requestedTheme(m_themeMode) {
    platform::setEventHandler(this);
    fitCanvas();
}

App::~App() { platform::setEventHandler(nullptr); }

void App::frame() {
    fitCanvas();
    advanceJob();

    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    ImGui::NewFrame();
    updateLayout();
    cancelOnEscape();
    m_targets.clear();
    m_states.clear();
    m_links.beginFrame(m_session.get());
    restoreView();
    for (const auto& view : m_views) view->draw(*this);
    writeView();
    m_links.endFrame();
    // Reads the views asked for (rows, details) start now rather than next frame.
    sendByteRequests();
    updateCursor();
    ImGui::Render();
    render();
    m_publishedTargets.swap(m_targets);
    m_publishedStates.swap(m_states);
}

void App::fitCanvas() {
    // The canvas' CSS size follows the window (style.css); its drawing buffer must match it
    // in device pixels, or the browser scales the image and text blurs.
    const platform::CssSize css = platform::canvasCssSize();
    const float scale = static_cast<float>(std::clamp(platform::devicePixelRatio(), 0.5, 8.0));
    const int width = std::max(1, static_cast<int>(std::lround(css.width * scale)));
    const int height = std::max(1, static_cast<int>(std::lround(css.height * scale)));
    if (width != m_canvasWidth || height != m_canvasHeight) {
        glfwSetWindowSize(m_window, width, height);
        m_canvasWidth = width;
        m_canvasHeight = height;
    }
    if (scale != m_scale) {
        applyScale(scale);
    } else if (m_requestedTheme != m_themeMode) {
        m_themeMode = m_requestedTheme;
        applyTheme(m_themeMode, m_scale);
    }
}

void App::applyScale(float scale) {
    m_scale = scale;
    m_themeMode = m_requestedTheme;
    m_fonts.rebuild(scale);
    applyTheme(m_themeMode, scale);
    // Before the first frame the backend creates the texture itself.
    if (m_fontTextureUploaded) {
        ImGui_ImplOpenGL3_DestroyFontsTexture();
        ImGui_ImplOpenGL3_CreateFontsTexture();
    }
}

void App::advanceJob() {
    if (!m_session) return;
    m_session->step(kJobBudget);
    sendByteRequests();
}

// Esc stops the job in progress, as Wireshark's Stop: reading the file (what was read stays
// on screen, with a note that the rest was not read) or a filter pass (every frame again).
void App::cancelOnEscape() {
    if (!m_session || !ImGui::IsKeyPressed(ImGuiKey_Escape, false)) return;
    if (!m_session->finished()) {
        m_session->cancelReading();
        platform::cancelFile(m_session->id());
    } else if (m_session->filtering()) {
        m_session->cancelFilter();
    }
}

void App::sendByteRequests() {
    if (!m_session) return;
    while (const auto r = m_session->takeByteRequest()) {
        platform::requestBytes(m_session->id(), r->channel, r->request.offset, r->request.length);
    }
}

void App::updateLayout() {
    const float s = m_scale;
    const ImVec2 display = ImGui::GetIO().DisplaySize;
    const float toolbar = std::round(56 * s);
    const float status = std::round(30 * s);
    const bool navigation = m_session && m_session->finished() && m_session->frameCount() > 0;
    const float nav = navigation ? std::round(52 * s) : 0.0f;
    m_layout.toolbar = {ImVec2(0, 0), ImVec2(display.x, toolbar)};
    m_layout.navigation = {ImVec2(0, toolbar), ImVec2(display.x, toolbar + nav)};
    m_layout.statusBar = {ImVec2(0, display.y - status), display};
    m_layout.workspace = {ImVec2(0, toolbar + nav), ImVec2(display.x, display.y - status)};
}

void App::updateCursor() {
    const ImGuiMouseCursor cursor = ImGui::GetMouseCursor();
    if (cursor == m_cursor) return;
    m_cursor = cursor;
    switch (cursor) {
        case ImGuiMouseCursor_Hand: platform::setCursor("pointer"); break;
        case ImGuiMouseCursor_TextInput: platform::setCursor("text"); break;
        case ImGuiMouseCursor_ResizeAll: platform::setCursor("move"); break;
        case ImGuiMouseCursor_ResizeNS: platform::setCursor("ns-resize"); break;
        case ImGuiMouseCursor_ResizeEW: platform::setCursor("ew-resize"); break;
        case ImGuiMouseCursor_ResizeNESW: platform::setCursor("nesw-resize"); break;
        case ImGuiMouseCursor_ResizeNWSE: platform::setCursor("nwse-resize"); break;
        case ImGuiMouseCursor_NotAllowed: platform::setCursor("not-allowed"); break;
        default: platform::setCursor("default"); break;
    }
}

void App::render() {
    int width = 0;
    int height = 0;
    glfwGetFramebufferSize(m_window, &width, &height);
    glViewport(0, 0, width, height);
    const ImVec4 clear = palette().background;
    glClearColor(clear.x, clear.y, clear.z, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT);
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
    m_fontTextureUploaded = true;
}

void App::openFilePicker() { platform::pickFile(); }

void App::openSample() { platform::openSample(); }

void App::exposeTarget(const std::string& id, ImVec2 min, ImVec2 max) {
    m_targets[id] = Rect{min, max};
}

void App::exposeState(const std::string& key, std::string json) { m_states[key] = std::move(json); }

void App::checkFilterText() {
    if (m_filterEdit.text == m_filterEdit.checkedText) return;
    m_filterEdit.checkedText = m_filterEdit.text;
    filter::CompileResult compiled = filter::compile(m_filterEdit.text);
    if (compiled) {
        m_filterEdit.error.reset();
    } else {
        m_filterEdit.error = compiled.error;
    }
}

void App::applyFilter(std::string text) {
    m_filterEdit.text = text;
    checkFilterText();
    if (m_session && m_session->applyFilter(text)) m_screen = Screen::Packets;
    if (text.empty() || m_filterEdit.error) return;
    std::erase(m_filterHistory, text);
    m_filterHistory.insert(m_filterHistory.begin(), text);
    if (m_filterHistory.size() > kFilterHistory) m_filterHistory.resize(kFilterHistory);
}

void App::followStream(wasm::CaptureSession::StreamRef stream) {
    if (!m_session) return;
    m_session->startFollow(stream);
    applyFilter(followFilter(stream.protocol, stream.stream));
    m_followOpen = true;
}

void App::prepareFilter(const std::string& text) {
    m_filterEdit.text = text;
    m_filterEdit.focusRequested = true;
    checkFilterText();
}

void App::copyText(const std::string& text) { platform::copyToClipboard(text); }

wasm::CaptureSession* App::sessionFor(int id) {
    return m_session && m_session->id() == id ? m_session.get() : nullptr;
}

void App::onFileOpened(int id, std::string name, std::uint64_t fileSize, bool gzip) {
    platform::setDocumentTitle(name + " \u2014 caplens");
    m_session = std::make_unique<wasm::CaptureSession>(id, std::move(name), fileSize, gzip);
    m_screen = Screen::Summary;
    m_filterEdit = FilterEdit{};
}

void App::onDecompressProgress(int id, double fraction) {
    if (auto* session = sessionFor(id)) session->setDecompressProgress(fraction);
}

void App::onStreamReady(int id, std::uint64_t size) {
    if (auto* session = sessionFor(id)) session->startReading(size);
}

std::uint8_t* App::onBytesIncoming(int id, int channel, std::uint64_t offset, std::size_t length) {
    auto* session = sessionFor(id);
    return session ? session->prepareReceive(channel, offset, length) : nullptr;
}

void App::onBytesReceived(int id, int channel) {
    if (auto* session = sessionFor(id)) session->receive(channel);
}

void App::onSourceFailed(int id, int channel, std::string message) {
    if (auto* session = sessionFor(id)) session->failSource(channel, std::move(message));
}

void App::onDragHover(bool active) { m_dragHover = active; }

void App::onViewLink(std::string fragment) { m_links.start(fragment); }

bool App::copyViewLink() {
    const std::string fragment = m_links.currentFragment(m_session.get());
    if (fragment.empty()) return false;
    platform::copyViewLink(fragment);
    return true;
}

namespace {

// "length.desc" -> {Length, descending}; nullopt for anything else.
std::optional<wasm::SortSpec> parseSort(const std::string& text) {
    const std::size_t dot = text.rfind('.');
    if (dot == std::string::npos) return std::nullopt;
    const std::string order = text.substr(dot + 1);
    if (order != "asc" && order != "desc") return std::nullopt;
    for (int c = 0; c <= static_cast<int>(wasm::PacketColumn::Info); ++c) {
        const auto column = static_cast<wasm::PacketColumn>(c);
        if (text.compare(0, dot, wasm::packetColumnName(column)) == 0) return wasm::SortSpec{column, order == "asc"};
    }
    return std::nullopt;
}

std::optional<Screen> parseScreen(const std::string& text) {
    for (const Screen screen : {Screen::Summary, Screen::Packets, Screen::Properties}) {
        if (text == screenName(screen)) return screen;
    }
    return std::nullopt;
}

}  // namespace

// A value the link gives that makes no sense here (a frame past the end, a sort column we do
// not have) is ignored: the rest of the view is still restored.
void App::restoreView() {
    if (!m_session || !m_session->finished()) return;
    if (const auto filter = m_links.takeRestore("filter")) applyFilter(*filter);
    if (const auto frame = m_links.takeRestore("frame")) {
        std::uint64_t number = 0;
        const auto [end, error] = std::from_chars(frame->data(), frame->data() + frame->size(), number);
        if (error == std::errc() && number >= 1 && number <= m_session->frameCount()) m_session->select(number);
    }
    if (const auto sort = m_links.takeRestore("sort")) {
        if (const auto spec = parseSort(*sort)) m_session->sortBy(*spec);
    }
    if (const auto windows = m_links.takeRestore("windows")) {
        for (const StatisticsWindowInfo& info : statisticsWindows()) {
            const std::string name = info.name;
            const std::string list = "," + *windows + ",";
            if (list.find("," + name + ",") != std::string::npos) setWindowOpen(info.window, true);
        }
    }
    if (const auto screen = m_links.takeRestore("screen")) {
        if (const auto parsed = parseScreen(*screen)) m_screen = *parsed;
    }
}

void App::writeView() {
    if (!m_session || !m_session->finished()) return;
    m_links.write("screen", screenName(m_screen));
    if (!m_session->appliedFilter().empty()) m_links.write("filter", m_session->appliedFilter());
    if (m_session->selected() != 0) m_links.write("frame", std::to_string(m_session->selected()));
    const wasm::SortSpec& sort = m_session->sortSpec();
    if (!sort.isNatural()) {
        m_links.write("sort", std::string(wasm::packetColumnName(sort.column)) + (sort.ascending ? ".asc" : ".desc"));
    }
    std::string windows;
    for (const StatisticsWindowInfo& info : statisticsWindows()) {
        if (!windowOpen(info.window)) continue;
        if (!windows.empty()) windows += ',';
        windows += info.name;
    }
    if (!windows.empty()) m_links.write("windows", windows);
}

std::string App::stateJson() const {
    JsonWriter w;
    w.beginObject();
    w.key("ready").value(true);
    if (m_session) {
        m_session->writeStateMembers(w);
    } else {
        w.key("file").null();
        w.key("phase").value("idle");
        w.key("progress").value(0);
        w.key("frames").value(0);
        w.key("bytes").value(0);
        w.key("error").null();
    }
    w.key("theme").value(m_themeMode == ThemeMode::Dark ? "dark" : "light");
    w.key("device_pixel_ratio").value(static_cast<double>(m_scale));
    w.key("canvas_pixels").beginArray().value(m_canvasWidth).value(m_canvasHeight).endArray();
    w.key("drag_hover").value(m_dragHover);
    w.key("view").value(m_session && m_session->finished() ? screenName(m_screen) : "none");
    w.key("filter_text").value(m_filterEdit.text);
    w.key("filter_error");
    if (m_filterEdit.error) {
        w.beginObject();
        w.key("message").value(m_filterEdit.error->message);
        w.key("column").value(static_cast<std::uint64_t>(m_filterEdit.error->column));
        w.key("end_column").value(static_cast<std::uint64_t>(m_filterEdit.error->endColumn));
        w.endObject();
    } else {
        w.null();
    }
    w.key("filter_history").beginArray();
    for (const std::string& text : m_filterHistory) w.value(text);
    w.endArray();
    w.key("link").raw(m_links.stateJson(m_session.get()));
    w.key("windows").beginArray();
    for (const StatisticsWindowInfo& info : statisticsWindows()) {
        if (windowOpen(info.window)) w.value(info.name);
    }
    w.endArray();
    // What the views published on their last frame (packet rows, details, summary).
    for (const auto& [key, json] : m_publishedStates) w.key(key).raw(json);
    // Rectangles in CSS pixels relative to the canvas: [x, y, width, height].
    w.key("targets").beginObject();
    for (const auto& [id, rect] : m_publishedTargets) {
        const auto css = [this](float v) { return static_cast<double>(v / m_scale); };
        w.key(id).beginArray();
        w.value(css(rect.min.x)).value(css(rect.min.y)).value(css(rect.width())).value(css(rect.height()));
        w.endArray();
    }
    w.endObject();
    w.endObject();
    return w.take();
}

}  // namespace caplens::web
