// protocol_list.cpp — the one list of every protocol caplens dissects (phase 1 of the
// registry). Each register function adds its protocol and queues its hand-offs; the registry
// runs the hand-offs once every protocol is known (phase 2), so the order here only decides
// the order of heuristics within a list.
#include "core/proto/protocols.hpp"

namespace caplens::proto {

void registerFrame(Registry&);
void registerDissectionLimits(Registry&);
void registerData(Registry&);
void registerEth(Registry&);
void registerIp(Registry&);
void registerTcp(Registry&);
void registerUdp(Registry&);
// application protocols over UDP (and DNS/SIP over TCP); heuristics in Wireshark's order
void registerStun(Registry&);
void registerSip(Registry&);
void registerQuic(Registry&);
void registerGquic(Registry&);
void registerDns(Registry&);
void registerMdns(Registry&);
void registerLlmnr(Registry&);
void registerNbns(Registry&);
void registerDhcp(Registry&);
void registerNtp(Registry&);
void registerSsdp(Registry&);
void registerDhcpv6(Registry&);
void registerSnmp(Registry&);
void registerSyslog(Registry&);
// network layer and tunnels
void registerIpv6(Registry&);
void registerIpv6Options(Registry&);
void registerIcmp(Registry&);
void registerIcmpv6(Registry&);
void registerIgmp(Registry&);
void registerGre(Registry&);
void registerCmd(Registry&);
void registerVxlan(Registry&);
void registerGeneve(Registry&);
void registerEsp(Registry&);
void registerUdpencap(Registry&);
void registerTeredo(Registry&);
void registerSctp(Registry&);

// RPC, Windows and peer-to-peer protocols
void registerRpc(Registry&);
void registerPortmap(Registry&);
void registerBencode(Registry&);
void registerBittorrent(Registry&);
void registerBtDht(Registry&);
void registerNbss(Registry&);
void registerNbdgm(Registry&);
void registerSmb2(Registry&);  // before SMB: Wireshark tries SMB2 first
void registerSmb(Registry&);
void registerTpkt(Registry&);
void registerCotp(Registry&);
void registerRdp(Registry&);
void registerLdap(Registry&);
void registerKerberos(Registry&);

// link layers (link_layers_test.cpp)
void registerSll(Registry&);
void registerNull(Registry&);
void registerRaw(Registry&);
void registerErf(Registry&);
void registerNetmonHeader(Registry&);
void registerVlan(Registry&);
void registerIeee8021ad(Registry&);
void registerLlc(Registry&);
void registerStp(Registry&);
void registerArp(Registry&);
void registerLoop(Registry&);
void registerPpp(Registry&);
void registerPppoe(Registry&);
void registerChdlc(Registry&);
void registerNflog(Registry&);
void registerIpoib(Registry&);

// web, remote access and mail over TCP
void registerTls(Registry&);
void registerHttp(Registry&);
void registerSsh(Registry&);
void registerTelnet(Registry&);
void registerFtp(Registry&);
void registerFtpData(Registry&);
void registerSmtp(Registry&);
void registerPop(Registry&);
void registerImap(Registry&);

void registerAllProtocols(Registry& r) {
    registerFrame(r);  // first: its field "frame" is the root of every frame
    registerDissectionLimits(r);
    registerData(r);
    registerEth(r);
    registerIp(r);
    registerTcp(r);
    registerUdp(r);
    registerStun(r);
    registerSip(r);
    registerQuic(r);
    registerGquic(r);
    registerDns(r);
    registerMdns(r);
    registerLlmnr(r);
    registerNbns(r);
    registerDhcp(r);
    registerNtp(r);
    registerSsdp(r);
    registerDhcpv6(r);
    registerSnmp(r);
    registerSyslog(r);
    registerIpv6(r);
    registerIpv6Options(r);
    registerIcmp(r);
    registerIcmpv6(r);
    registerIgmp(r);
    registerGre(r);
    registerCmd(r);
    registerVxlan(r);
    registerGeneve(r);
    registerEsp(r);
    registerUdpencap(r);
    registerTeredo(r);
    registerSctp(r);
    registerRpc(r);
    registerPortmap(r);
    registerBencode(r);
    registerBittorrent(r);
    registerBtDht(r);
    registerNbss(r);
    registerNbdgm(r);
    registerSmb2(r);
    registerSmb(r);
    registerTpkt(r);
    registerCotp(r);
    registerRdp(r);
    registerLdap(r);
    registerKerberos(r);
    registerSll(r);
    registerNull(r);
    registerRaw(r);
    registerErf(r);
    registerNetmonHeader(r);
    registerVlan(r);
    registerIeee8021ad(r);
    registerLlc(r);
    registerStp(r);
    registerArp(r);
    registerLoop(r);
    registerPpp(r);
    registerPppoe(r);
    registerChdlc(r);
    registerNflog(r);
    registerIpoib(r);
    registerTls(r);
    registerHttp(r);
    registerSsh(r);
    registerTelnet(r);
    registerFtp(r);
    registerFtpData(r);
    registerSmtp(r);
    registerPop(r);
    registerImap(r);
}

}  // namespace caplens::proto
