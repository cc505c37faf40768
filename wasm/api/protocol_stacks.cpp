#include "wasm/api/protocol_stacks.hpp"

namespace caplens::wasm {

void ProtocolStacks::onFrame(const CapturedFrame&, const proto::Packet& packet) {
    const auto layers = packet.layers();
    m_key.assign(reinterpret_cast<const char*>(layers.data()), layers.size_bytes());
    auto found = m_ids.find(m_key);
    if (found == m_ids.end()) {
        found = m_ids.emplace(m_key, static_cast<std::uint32_t>(m_texts.size())).first;
        m_texts.push_back(packet.protocolsText());
    }
    m_frameStacks.push_back(found->second);
}

std::string_view ProtocolStacks::stack(std::uint64_t number) const {
    if (number == 0 || number > m_frameStacks.size()) return {};
    return m_texts[m_frameStacks[number - 1]];
}

}  // namespace caplens::wasm
