#include "web/view_links.hpp"

#include <variant>

#include "core/util/json_writer.hpp"
#include "wasm/capture_session.hpp"

namespace caplens::web {

void ViewLinks::start(const std::string& fragment) {
    // A new link replaces the one before; the capture open now is compared with it too.
    m_waiting.reset();
    m_problem.clear();
    m_checkedSession = 0;
    auto parsed = wasm::parseViewLink(fragment);
    if (auto* link = std::get_if<wasm::ViewLink>(&parsed)) {
        m_waiting = std::move(*link);
    } else {
        m_problem = std::get<wasm::ViewLinkError>(parsed).message;  // "" when it is no view link at all
    }
}

void ViewLinks::beginFrame(const wasm::CaptureSession* session) {
    m_current.clear();
    if (!m_waiting || session == nullptr || session->id() == m_checkedSession) return;
    if (!session->finished()) return;
    const std::optional<wasm::CaptureFingerprint> file = session->fingerprint();
    if (!file) return;  // its two reads are under way
    m_checkedSession = session->id();
    const std::string mismatch = wasm::fingerprintMismatch(m_waiting->capture, *file);
    if (!mismatch.empty()) {
        m_problem = file->name + " is not the capture this link was made for (" + mismatch +
                    "): it is open as it is, without the link's view.";
        return;
    }
    m_restoring = std::move(m_waiting->view);
    m_waiting.reset();
    m_problem.clear();
}

std::optional<std::string> ViewLinks::takeRestore(const std::string& key) {
    const auto it = m_restoring.find(key);
    if (it == m_restoring.end()) return std::nullopt;
    std::string value = std::move(it->second);
    m_restoring.erase(it);
    return value;
}

std::string ViewLinks::currentFragment(const wasm::CaptureSession* session) const {
    if (session == nullptr) return "";
    const std::optional<wasm::CaptureFingerprint> file = session->fingerprint();
    if (!file) return "";
    return wasm::encodeViewLink({*file, m_published});
}

std::string ViewLinks::stateJson(const wasm::CaptureSession* session) const {
    JsonWriter w;
    w.beginObject();
    w.key("waiting_for");
    m_waiting ? w.value(m_waiting->capture.name) : w.null();
    w.key("problem").value(m_problem);
    w.key("fragment").value(currentFragment(session));
    w.key("restoring").beginArray();
    for (const auto& [key, value] : m_restoring) w.value(key);
    w.endArray();
    w.endObject();
    return w.take();
}

}  // namespace caplens::web
