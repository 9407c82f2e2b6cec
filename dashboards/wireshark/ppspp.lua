-- Wireshark / tshark dissector for PPSPP, the Peer-to-Peer Streaming Peer Protocol (RFC 7574), over UDP.
--
-- Use:
--   tshark -X lua_script:ppspp.lua -d udp.port==6778,ppspp -r capture.pcap
--   tshark -X lua_script:ppspp.lua -o udp.try_heuristic_first:TRUE -r capture.pcap   (find PPSPP by its handshakes)
-- or copy this file into Wireshark's personal Lua plugins folder (Help > About > Folders).
--
-- Every datagram starts with the receiver's 4-byte channel ID, then messages back to back (§8.2); a datagram
-- holding only the channel ID is a keep-alive (§8.14). How chunk specifications, hashes and signatures are
-- sized is not on the wire: it follows from the HANDSHAKE options (chunk addressing §7.8, Merkle hash function
-- §7.6, live signature algorithm §7.7 + swarm ID). A HANDSHAKE's options say how its *sender* encodes, so the
-- two directions of a channel may differ: options are tracked per direction (sender, receiver, receiver's
-- channel), the reply to an opening handshake pairing the two channel IDs, and a HANDSHAKE earlier in a
-- datagram decides how the later messages of the same datagram decode.
-- A capture taken on a host sending with UDP segmentation offload (GSO, as Eddy does) holds each run of
-- equal-size datagrams to one channel as one oversized UDP payload; such a run is split back into its
-- datagrams where the layout allows, and otherwise flagged.
-- libswift's pre-PPSPP "legacy" handshake (INTEGRITY of bin 0x7fffffff on channel 0) is recognised, not decoded.
-- Malformed input is flagged with expert info; the dissector never raises a Lua error.

local ppspp = Proto("ppspp", "Peer-to-Peer Streaming Peer Protocol")

---------------------------------------------------------------------------------------------------------------
-- Code points (RFC 7574 §7 and §8.2)
---------------------------------------------------------------------------------------------------------------
local MSG_HANDSHAKE, MSG_DATA, MSG_ACK, MSG_HAVE, MSG_INTEGRITY = 0, 1, 2, 3, 4
local MSG_PEX_RESV4, MSG_PEX_REQ, MSG_SIGNED_INTEGRITY, MSG_REQUEST, MSG_CANCEL = 5, 6, 7, 8, 9
local MSG_CHOKE, MSG_UNCHOKE, MSG_PEX_RESV6, MSG_PEX_RESCERT = 10, 11, 12, 13

local MESSAGE_NAMES = {
    [0] = "HANDSHAKE", [1] = "DATA", [2] = "ACK", [3] = "HAVE", [4] = "INTEGRITY", [5] = "PEX_RESv4",
    [6] = "PEX_REQ", [7] = "SIGNED_INTEGRITY", [8] = "REQUEST", [9] = "CANCEL", [10] = "CHOKE",
    [11] = "UNCHOKE", [12] = "PEX_RESv6", [13] = "PEX_REScert", [255] = "Reserved",
}

local OPT_VERSION, OPT_MIN_VERSION, OPT_SWARM_ID, OPT_INTEGRITY, OPT_HASH_FUNCTION = 0, 1, 2, 3, 4
local OPT_SIGNATURE_ALGORITHM, OPT_ADDRESSING, OPT_DISCARD_WINDOW, OPT_SUPPORTED_MESSAGES = 5, 6, 7, 8
local OPT_CHUNK_SIZE, OPT_END = 9, 255

local OPTION_NAMES = {
    [0] = "Version", [1] = "Minimum Version", [2] = "Swarm Identifier",
    [3] = "Content Integrity Protection Method", [4] = "Merkle Hash Tree Function",
    [5] = "Live Signature Algorithm", [6] = "Chunk Addressing Method", [7] = "Live Discard Window",
    [8] = "Supported Messages", [9] = "Chunk Size", [255] = "End Option",
}
local VERSION_NAMES = { [1] = "PPSPP (RFC 7574)" }
local INTEGRITY_NAMES = {
    [0] = "No integrity protection", [1] = "Merkle Hash Tree", [2] = "Sign All", [3] = "Unified Merkle Tree",
}
local HASH_FUNCTION_NAMES = { [0] = "SHA-1", [1] = "SHA-224", [2] = "SHA-256", [3] = "SHA-384", [4] = "SHA-512" }
local HASH_LENGTHS = { [0] = 20, [1] = 28, [2] = 32, [3] = 48, [4] = 64 }

local BINS32, BYTES64, CHUNKS32, BINS64, CHUNKS64 = 0, 1, 2, 3, 4
local ADDRESSING_NAMES = {
    [0] = "32-bit bins", [1] = "64-bit byte ranges", [2] = "32-bit chunk ranges", [3] = "64-bit bins",
    [4] = "64-bit chunk ranges",
}

-- DNSSEC algorithm numbers (IANA), which is what option 5 carries.
local SIGNATURE_ALGORITHM_NAMES = {
    [1] = "RSAMD5", [3] = "DSA", [5] = "RSASHA1", [6] = "DSA-NSEC3-SHA1", [7] = "RSASHA1-NSEC3-SHA1",
    [8] = "RSASHA256", [10] = "RSASHA512", [12] = "ECC-GOST", [13] = "ECDSAP256SHA256",
    [14] = "ECDSAP384SHA384", [15] = "ED25519", [16] = "ED448",
}
-- Fixed signature sizes; RSA signatures are as long as the modulus in the swarm ID (§8.9, RFC 3110).
local FIXED_SIGNATURE_LENGTHS = { [3] = 41, [6] = 41, [12] = 64, [13] = 64, [14] = 96, [15] = 64, [16] = 114 }
local RSA_ALGORITHMS = { [1] = true, [5] = true, [7] = true, [8] = true, [10] = true }

-- Defaults of RFC 7574 §12.1.6 (Table 8), used until a handshake says otherwise.
local DEFAULT_OPTIONS = { addressing = CHUNKS32, hash_function = 0, integrity = 1, signature_algorithm = 13 }

---------------------------------------------------------------------------------------------------------------
-- Fields
---------------------------------------------------------------------------------------------------------------
local f = {
    channel = ProtoField.uint32("ppspp.channel", "Destination channel", base.HEX),
    keepalive = ProtoField.bool("ppspp.keepalive", "Keep-alive"),
    message = ProtoField.none("ppspp.message", "Message"),
    type = ProtoField.uint8("ppspp.type", "Message type", base.DEC, MESSAGE_NAMES),
    source_channel = ProtoField.uint32("ppspp.source_channel", "Source channel", base.HEX),
    close = ProtoField.bool("ppspp.close", "Closes the channel"),
    option = ProtoField.uint8("ppspp.option", "Option", base.DEC, OPTION_NAMES),
    version = ProtoField.uint8("ppspp.option.version", "Version", base.DEC, VERSION_NAMES),
    min_version = ProtoField.uint8("ppspp.option.min_version", "Minimum version", base.DEC, VERSION_NAMES),
    swarm_id_length = ProtoField.uint16("ppspp.option.swarm_id_length", "Swarm ID length", base.DEC),
    swarm_id = ProtoField.bytes("ppspp.option.swarm_id", "Swarm ID"),
    integrity = ProtoField.uint8("ppspp.option.integrity", "Content integrity protection", base.DEC,
        INTEGRITY_NAMES),
    hash_function = ProtoField.uint8("ppspp.option.hash_function", "Merkle hash function", base.DEC,
        HASH_FUNCTION_NAMES),
    signature_algorithm = ProtoField.uint8("ppspp.option.signature_algorithm", "Live signature algorithm",
        base.DEC, SIGNATURE_ALGORITHM_NAMES),
    addressing = ProtoField.uint8("ppspp.option.addressing", "Chunk addressing method", base.DEC,
        ADDRESSING_NAMES),
    discard_window = ProtoField.uint64("ppspp.option.discard_window", "Live discard window", base.DEC),
    supported_length = ProtoField.uint8("ppspp.option.supported_length", "Supported messages length", base.DEC),
    supported_bitmap = ProtoField.bytes("ppspp.option.supported_bitmap", "Supported messages bitmap"),
    supported = ProtoField.string("ppspp.option.supported", "Supported messages"),
    chunk_size = ProtoField.uint32("ppspp.option.chunk_size", "Chunk size", base.DEC),
    bin = ProtoField.uint64("ppspp.bin", "Bin", base.DEC),
    chunk_start = ProtoField.uint64("ppspp.chunk.start", "Start chunk", base.DEC),
    chunk_end = ProtoField.uint64("ppspp.chunk.end", "End chunk", base.DEC),
    byte_start = ProtoField.uint64("ppspp.byte.start", "Start byte", base.DEC),
    byte_end = ProtoField.uint64("ppspp.byte.end", "End byte", base.DEC),
    timestamp = ProtoField.uint64("ppspp.timestamp", "Timestamp (µs since the Unix epoch)", base.DEC),
    timestamp_time = ProtoField.absolute_time("ppspp.timestamp.time", "Timestamp", base.UTC),
    payload = ProtoField.bytes("ppspp.payload", "Chunk payload"),
    payload_length = ProtoField.uint32("ppspp.payload_length", "Payload length", base.DEC),
    delay = ProtoField.int64("ppspp.delay", "One-way delay sample (µs)", base.DEC),
    hash = ProtoField.bytes("ppspp.hash", "Hash"),
    ntp_timestamp = ProtoField.absolute_time("ppspp.ntp_timestamp", "Timestamp (NTP)", base.UTC),
    signature = ProtoField.bytes("ppspp.signature", "Signature"),
    ipv4 = ProtoField.ipv4("ppspp.pex.ipv4", "Peer IPv4 address"),
    ipv6 = ProtoField.ipv6("ppspp.pex.ipv6", "Peer IPv6 address"),
    port = ProtoField.uint16("ppspp.pex.port", "Peer port", base.DEC),
    certificate_length = ProtoField.uint16("ppspp.pex.certificate_length", "Certificate size", base.DEC),
    certificate = ProtoField.bytes("ppspp.pex.certificate", "Membership certificate (X.509, DER)"),
    legacy = ProtoField.bool("ppspp.legacy_handshake", "libswift legacy (pre-PPSPP) handshake"),
    legacy_root_hash = ProtoField.bytes("ppspp.legacy.root_hash", "Root hash (legacy swarm ID)"),
    legacy_channel = ProtoField.uint32("ppspp.legacy.source_channel", "Source channel (legacy)", base.HEX),
    undecoded = ProtoField.bytes("ppspp.undecoded", "Undecoded bytes"),
    options_from = ProtoField.string("ppspp.options_from", "Decoded with"),
    segment = ProtoField.string("ppspp.segment", "Segment of a segmentation-offload run"),
}
ppspp.fields = f

local e = {
    truncated = ProtoExpert.new("ppspp.truncated", "Message truncated", expert.group.MALFORMED,
        expert.severity.ERROR),
    unknown_message = ProtoExpert.new("ppspp.unknown_message", "Unknown message type", expert.group.MALFORMED,
        expert.severity.ERROR),
    unknown_option = ProtoExpert.new("ppspp.unknown_option", "Unknown handshake option",
        expert.group.MALFORMED, expert.severity.ERROR),
    no_end_option = ProtoExpert.new("ppspp.no_end_option", "Handshake options lack the end option",
        expert.group.MALFORMED, expert.severity.ERROR),
    unassigned = ProtoExpert.new("ppspp.unassigned_value", "Unassigned value", expert.group.PROTOCOL,
        expert.severity.WARN),
    undecodable = ProtoExpert.new("ppspp.undecodable", "Size unknown, rest of datagram not decoded",
        expert.group.UNDECODED, expert.severity.WARN),
    inverted_range = ProtoExpert.new("ppspp.inverted_range", "Range start is after its end",
        expert.group.PROTOCOL, expert.severity.WARN),
    assumed = ProtoExpert.new("ppspp.assumed_options", "No handshake seen for this channel: RFC defaults assumed",
        expert.group.ASSUMPTION, expert.severity.NOTE),
    option_order = ProtoExpert.new("ppspp.option_order", "Live Discard Window before Chunk Addressing Method",
        expert.group.PROTOCOL, expert.severity.WARN),
    legacy = ProtoExpert.new("ppspp.legacy", "libswift legacy (pre-PPSPP) protocol, not decoded",
        expert.group.SEQUENCE, expert.severity.NOTE),
    close = ProtoExpert.new("ppspp.close_channel", "Channel close", expert.group.SEQUENCE, expert.severity.CHAT),
    opens = ProtoExpert.new("ppspp.open_channel", "Channel handshake", expert.group.SEQUENCE,
        expert.severity.CHAT),
    no_handshake = ProtoExpert.new("ppspp.channel0_without_handshake",
        "Datagram to channel 0 does not start with a HANDSHAKE", expert.group.PROTOCOL, expert.severity.WARN),
    empty_data = ProtoExpert.new("ppspp.empty_data", "DATA without payload (request beyond the content end?)",
        expert.group.PROTOCOL, expert.severity.NOTE),
    internal = ProtoExpert.new("ppspp.internal_error", "Dissector failure", expert.group.MALFORMED,
        expert.severity.ERROR),
    gso_run = ProtoExpert.new("ppspp.gso_run", "Segmentation-offload run split into its datagrams",
        expert.group.REASSEMBLE, expert.severity.NOTE),
    gso_unsplit = ProtoExpert.new("ppspp.gso_unsplit",
        "looks like a segmentation-offload run: capture with segmentation off", expert.group.MALFORMED,
        expert.severity.WARN),
}
ppspp.experts = { e.truncated, e.unknown_message, e.unknown_option, e.no_end_option, e.unassigned, e.undecodable,
    e.inverted_range, e.assumed, e.option_order, e.legacy, e.close, e.opens, e.no_handshake, e.empty_data,
    e.internal, e.gso_run, e.gso_unsplit }

ppspp.prefs.ports = Pref.range("UDP ports", "", "UDP ports always decoded as PPSPP (e.g. 6778,7758-7760)", 65535)

---------------------------------------------------------------------------------------------------------------
-- Per-conversation state: the options each end announced, the options of each direction, plus a snapshot per
-- datagram so that re-dissection (the GUI revisits frames in any order) decodes exactly as the first, in-order
-- pass did.
---------------------------------------------------------------------------------------------------------------
local announced, options_by_direction, options_by_sender, legacy_channels, options_at_frame, known_conversations

local function reset_state()
    announced, options_by_direction, options_by_sender, legacy_channels = {}, {}, {}, {}
    options_at_frame, known_conversations = {}, {}
end
reset_state()
ppspp.init = reset_state -- called whenever a capture is (re)loaded

local function copy(t)
    local c = {}
    for k, v in pairs(t) do c[k] = v end
    return c
end

local function conversation_key(pinfo)
    local a = tostring(pinfo.src) .. ":" .. pinfo.src_port
    local b = tostring(pinfo.dst) .. ":" .. pinfo.dst_port
    if a < b then return a .. "|" .. b end
    return b .. "|" .. a
end

local function channel_key(conversation, channel)
    return conversation .. "#" .. string.format("%08x", channel)
end

local function source_end(pinfo) return tostring(pinfo.src) .. ":" .. pinfo.src_port end
local function destination_end(pinfo) return tostring(pinfo.dst) .. ":" .. pinfo.dst_port end

-- One end of a channel: a peer and the channel ID it chose (and receives on).
local function end_key(peer, channel) return peer .. "#" .. string.format("%08x", channel) end

-- A direction: from a sender to the receiver's channel.
local function direction_key(sender, receiver, channel) return sender .. ">" .. end_key(receiver, channel) end

-- The options in force at the start of this datagram (a whole UDP payload, or one segment of a run at
-- `offset`), and where they came from: what its sender announced for this direction; failing that (the reply
-- pairing the channels was not captured) what the sender last announced to this receiver; else the defaults.
local function options_for(pinfo, channel, offset)
    local snapshot = pinfo.number .. "@" .. offset
    local known = options_at_frame[snapshot]
    if known then return copy(known) end
    local sender, receiver = source_end(pinfo), destination_end(pinfo)
    local found = nil
    if channel ~= 0 then
        found = options_by_direction[direction_key(sender, receiver, channel)]
            or options_by_sender[sender .. ">" .. receiver]
    end
    local options
    if found then
        options = copy(found)
    else
        options = copy(DEFAULT_OPTIONS)
        options.source = "defaults"
    end
    if not pinfo.visited then options_at_frame[snapshot] = copy(options) end
    return options
end

-- A HANDSHAKE from this datagram's sender, with source channel `source`, in a datagram to `channel`.
local function remember(pinfo, source, channel, options)
    if pinfo.visited then return end
    local sender, receiver = source_end(pinfo), destination_end(pinfo)
    local stored = copy(options)
    announced[end_key(sender, source)] = stored
    options_by_sender[sender .. ">" .. receiver] = stored
    if channel == 0 then return end
    options_by_direction[direction_key(sender, receiver, channel)] = stored
    -- A reply: the receiver's channel is now paired with the sender's, so what the receiver announced on its
    -- channel is how it writes to the sender's. The swarm ID (the initiator's alone) belongs to both.
    local receivers = announced[end_key(receiver, channel)]
    if receivers then
        receivers = copy(receivers)
        receivers.swarm_id = receivers.swarm_id or stored.swarm_id
        stored.swarm_id = stored.swarm_id or receivers.swarm_id
        options_by_direction[direction_key(receiver, sender, source)] = receivers
    end
end

-- Signature length of SIGNED_INTEGRITY, or nil and the reason it cannot be known.
local function signature_length(options)
    local algorithm = options.signature_algorithm
    if FIXED_SIGNATURE_LENGTHS[algorithm] then return FIXED_SIGNATURE_LENGTHS[algorithm] end
    if not RSA_ALGORITHMS[algorithm] then
        return nil, "signature algorithm " .. tostring(algorithm) .. " has no known signature size"
    end
    -- Live swarm ID = 1-byte algorithm + RSA public key (exponent length, exponent, modulus), RFC 3110.
    local key = options.swarm_id
    if not key or #key < 3 then return nil, "RSA signature size needs the swarm ID (public key) from a handshake" end
    local exponent_length, header = key:byte(2), 2
    if exponent_length == 0 then
        if #key < 4 then return nil, "swarm ID too short for an RSA public key" end
        exponent_length, header = key:byte(3) * 256 + key:byte(4), 4
    end
    local modulus = #key - header - exponent_length
    if modulus <= 0 then return nil, "swarm ID too short for an RSA public key" end
    return modulus
end

---------------------------------------------------------------------------------------------------------------
-- Decoding helpers. A cursor walks the datagram; every read checks the bytes are there first.
---------------------------------------------------------------------------------------------------------------
local Cursor = {}
Cursor.__index = Cursor

local function new_cursor(tvb, offset) return setmetatable({ tvb = tvb, offset = offset }, Cursor) end
function Cursor:remaining() return self.tvb:len() - self.offset end
function Cursor:has(n) return self:remaining() >= n end
function Cursor:take(n)
    local r = self.tvb(self.offset, n)
    self.offset = self.offset + n
    return r
end

-- Raised (as a table, not a string) when the datagram ends inside a message; caught in the message loop.
local Truncated = {}
local function need(cursor, n, what)
    if not cursor:has(n) then error({ kind = Truncated, what = what, need = n, have = cursor:remaining() }, 0) end
end

local function range_text(first, last) return tostring(first) .. ".." .. tostring(last) end

-- Chunk specification (§4.3): width and meaning from the chunk addressing method. Returns a short text.
local function add_chunk_spec(tree, cursor, addressing)
    if addressing == BINS32 or addressing == BINS64 then
        local width = addressing == BINS32 and 4 or 8
        need(cursor, width, "bin")
        local r = cursor:take(width)
        local bin = r:uint64()
        tree:add(f.bin, r, bin)
        -- A bin at layer L (L = trailing one bits) covers 2^L chunks starting at ((bin+1) >> (L+1)) << L.
        local layer = 0
        while layer < width * 8 and bin:rshift(layer):band(UInt64(1)) == UInt64(1) do layer = layer + 1 end
        if layer == width * 8 then
            tree:add(f.chunk_start, r, UInt64(0)):set_generated()
            return "bin ALL"
        end
        local first = (bin + 1):rshift(layer + 1):lshift(layer)
        local last = first + UInt64(1):lshift(layer) - 1
        tree:add(f.chunk_start, r, first):set_generated()
        tree:add(f.chunk_end, r, last):set_generated()
        return "bin " .. tostring(bin) .. " [" .. range_text(first, last) .. "]"
    end
    local width, start_field, end_field = 4, f.chunk_start, f.chunk_end
    if addressing == BYTES64 then width, start_field, end_field = 8, f.byte_start, f.byte_end
    elseif addressing == CHUNKS64 then width = 8 end
    need(cursor, 2 * width, "chunk range")
    local rs, re = cursor:take(width), cursor:take(width)
    local first, last = rs:uint64(), re:uint64()
    tree:add(start_field, rs, first)
    local end_item = tree:add(end_field, re, last)
    if first > last then end_item:add_proto_expert_info(e.inverted_range) end
    if addressing == BYTES64 then return "bytes " .. range_text(first, last) end
    return range_text(first, last)
end

local function add_unassigned(item, value, names, what)
    if names[value] == nil then
        item:add_proto_expert_info(e.unassigned, "Unassigned " .. what .. " " .. value)
    end
end

---------------------------------------------------------------------------------------------------------------
-- HANDSHAKE (§8.4) and its options (§7). Returns a summary, the options now in force, and whether it closes.
---------------------------------------------------------------------------------------------------------------
local function dissect_options(tree, cursor, previous)
    local options = copy(DEFAULT_OPTIONS)
    options.swarm_id = previous.swarm_id -- only the initiator sends it; SIGNED_INTEGRITY may still need it
    options.source = "handshake"
    local addressing_seen, count = false, 0
    local parts = {}
    while true do
        if not cursor:has(1) then
            tree:add_proto_expert_info(e.no_end_option)
            return options, count, parts
        end
        local code_range = cursor:take(1)
        local code = code_range:uint()
        if code == OPT_END then
            tree:add(f.option, code_range)
            return options, count, parts
        end
        count = count + 1
        local name = OPTION_NAMES[code]
        if name == nil then
            local item = tree:add(f.option, code_range)
            item:add_proto_expert_info(e.unknown_option,
                "Unknown handshake option " .. code .. ": its length is unknown, rest of datagram not decoded")
            error({ kind = "stop" }, 0)
        end
        local sub = tree:add(f.option, code_range)
        local start = code_range:offset()
        if code == OPT_SWARM_ID then
            need(cursor, 2, "swarm ID length")
            local lr = cursor:take(2)
            sub:add(f.swarm_id_length, lr)
            need(cursor, lr:uint(), "swarm ID")
            local id = cursor:take(lr:uint())
            sub:add(f.swarm_id, id)
            options.swarm_id = id:raw()
            parts[#parts + 1] = "swarm " .. tostring(id:bytes()):lower()
        elseif code == OPT_DISCARD_WINDOW then
            if not addressing_seen then sub:add_proto_expert_info(e.option_order) end
            local width = (options.addressing == BINS32 or options.addressing == CHUNKS32) and 4 or 8
            need(cursor, width, "live discard window")
            local r = cursor:take(width)
            sub:add(f.discard_window, r, r:uint64())
        elseif code == OPT_SUPPORTED_MESSAGES then
            need(cursor, 1, "supported messages length")
            local lr = cursor:take(1)
            sub:add(f.supported_length, lr)
            need(cursor, lr:uint(), "supported messages bitmap")
            local bitmap = cursor:take(lr:uint())
            sub:add(f.supported_bitmap, bitmap)
            local names = {}
            for i = 0, bitmap:len() - 1 do
                local byte = bitmap(i, 1):uint()
                for bit = 0, 7 do
                    if bit32.band(byte, bit32.rshift(0x80, bit)) ~= 0 then
                        local t = i * 8 + bit
                        names[#names + 1] = MESSAGE_NAMES[t] or ("type " .. t)
                    end
                end
            end
            sub:add(f.supported, bitmap, table.concat(names, ", ")):set_generated()
        elseif code == OPT_CHUNK_SIZE then
            need(cursor, 4, "chunk size")
            local r = cursor:take(4)
            local item = sub:add(f.chunk_size, r)
            if r:uint() == 0xffffffff then item:append_text(" (variable)") end
            options.chunk_size = r:uint()
            parts[#parts + 1] = "chunk size " .. r:uint()
        else
            need(cursor, 1, name)
            local r = cursor:take(1)
            local value = r:uint()
            if code == OPT_VERSION then
                add_unassigned(sub:add(f.version, r), value, VERSION_NAMES, "version")
                options.version = value
                parts[#parts + 1] = "v" .. value
            elseif code == OPT_MIN_VERSION then
                add_unassigned(sub:add(f.min_version, r), value, VERSION_NAMES, "version")
            elseif code == OPT_INTEGRITY then
                add_unassigned(sub:add(f.integrity, r), value, INTEGRITY_NAMES, "integrity protection method")
                options.integrity = value
            elseif code == OPT_HASH_FUNCTION then
                add_unassigned(sub:add(f.hash_function, r), value, HASH_FUNCTION_NAMES, "hash function")
                options.hash_function = value
                parts[#parts + 1] = HASH_FUNCTION_NAMES[value] or ("hash " .. value)
            elseif code == OPT_SIGNATURE_ALGORITHM then
                add_unassigned(sub:add(f.signature_algorithm, r), value, SIGNATURE_ALGORITHM_NAMES,
                    "signature algorithm")
                options.signature_algorithm = value
            elseif code == OPT_ADDRESSING then
                add_unassigned(sub:add(f.addressing, r), value, ADDRESSING_NAMES, "chunk addressing method")
                options.addressing = value
                addressing_seen = true
                parts[#parts + 1] = ADDRESSING_NAMES[value] or ("addressing " .. value)
            end
        end
        sub:set_len(cursor.offset - start)
    end
end

---------------------------------------------------------------------------------------------------------------
-- One message. Returns its summary text and the options for the messages that follow.
---------------------------------------------------------------------------------------------------------------
local function dissect_message(tree, cursor, options, pinfo, channel)
    local start = cursor.offset
    local type_range = cursor:take(1)
    local mtype = type_range:uint()
    local name = MESSAGE_NAMES[mtype]
    local msg = tree:add(f.message, type_range)
    msg:add(f.type, type_range)
    local function finish(summary)
        msg:set_len(cursor.offset - start)
        msg:set_text((name or "?") .. (summary ~= "" and (" " .. summary) or ""))
        return name .. (summary ~= "" and ("[" .. summary .. "]") or "")
    end
    if name == nil or mtype == 255 then
        msg:add_proto_expert_info(e.unknown_message,
            "Unknown message type " .. mtype .. ": its length is unknown, rest of datagram not decoded")
        error({ kind = "stop", summary = "type " .. mtype .. "[unknown]" }, 0)
    end

    if mtype == MSG_HANDSHAKE then
        need(cursor, 4, "source channel")
        local src_range = cursor:take(4)
        local source = src_range:uint()
        msg:add(f.source_channel, src_range)
        local new_options, count, parts = dissect_options(msg, cursor, options)
        -- A close is source channel 0 with at most a version option (§8.4); it changes no options.
        if source == 0 then
            msg:add(f.close, src_range, true):set_generated()
            msg:add_proto_expert_info(e.close)
            return finish("close"), options
        end
        msg:add_proto_expert_info(e.opens)
        remember(pinfo, source, channel, new_options)
        local summary = string.format("%08x", source)
        if #parts > 0 then summary = summary .. " " .. table.concat(parts, " ") end
        return finish(summary), new_options
    elseif mtype == MSG_DATA then
        local spec = add_chunk_spec(msg, cursor, options.addressing)
        need(cursor, 8, "DATA timestamp")
        local ts = cursor:take(8)
        local micros = ts:uint64()
        msg:add(f.timestamp, ts, micros)
        local seconds = (micros / 1000000):tonumber()
        local nanos = (micros % 1000000):tonumber() * 1000
        msg:add(f.timestamp_time, ts, NSTime.new(seconds, nanos)):set_generated()
        -- The chunk runs to the end of the datagram: DATA is always the last message (§8.6).
        local length = cursor:remaining()
        local payload = cursor:take(length)
        if length > 0 then msg:add(f.payload, payload) else msg:add_proto_expert_info(e.empty_data) end
        msg:add(f.payload_length, payload, length):set_generated()
        return finish(spec), options
    elseif mtype == MSG_ACK then
        local spec = add_chunk_spec(msg, cursor, options.addressing)
        need(cursor, 8, "ACK delay sample")
        local r = cursor:take(8)
        msg:add(f.delay, r, r:int64())
        return finish(spec), options
    elseif mtype == MSG_HAVE or mtype == MSG_REQUEST or mtype == MSG_CANCEL then
        return finish(add_chunk_spec(msg, cursor, options.addressing)), options
    elseif mtype == MSG_INTEGRITY then
        local spec = add_chunk_spec(msg, cursor, options.addressing)
        local length = HASH_LENGTHS[options.hash_function]
        if length == nil then
            msg:add_proto_expert_info(e.undecodable, "Hash length unknown for Merkle hash function "
                .. tostring(options.hash_function) .. ": rest of datagram not decoded")
            error({ kind = "stop", summary = finish(spec) }, 0)
        end
        need(cursor, length, "hash")
        msg:add(f.hash, cursor:take(length))
        return finish(spec), options
    elseif mtype == MSG_SIGNED_INTEGRITY then
        local spec = add_chunk_spec(msg, cursor, options.addressing)
        need(cursor, 8, "SIGNED_INTEGRITY timestamp")
        msg:add_packet_field(f.ntp_timestamp, cursor:take(8), ENC_TIME_NTP + ENC_BIG_ENDIAN)
        local length, why = signature_length(options)
        if length == nil then
            msg:add_proto_expert_info(e.undecodable, "Signature length unknown (" .. why
                .. "): rest of datagram not decoded")
            error({ kind = "stop", summary = finish(spec) }, 0)
        end
        need(cursor, length, "signature")
        msg:add(f.signature, cursor:take(length))
        return finish(spec), options
    elseif mtype == MSG_PEX_RESV4 then
        need(cursor, 6, "PEX_RESv4 address")
        local ip = cursor:take(4)
        local port = cursor:take(2)
        msg:add(f.ipv4, ip)
        msg:add(f.port, port)
        return finish(tostring(ip:ipv4()) .. ":" .. port:uint()), options
    elseif mtype == MSG_PEX_RESV6 then
        need(cursor, 18, "PEX_RESv6 address")
        local ip = cursor:take(16)
        local port = cursor:take(2)
        msg:add(f.ipv6, ip)
        msg:add(f.port, port)
        return finish("[" .. tostring(ip:ipv6()) .. "]:" .. port:uint()), options
    elseif mtype == MSG_PEX_RESCERT then
        need(cursor, 2, "certificate size")
        local lr = cursor:take(2)
        msg:add(f.certificate_length, lr)
        need(cursor, lr:uint(), "membership certificate")
        msg:add(f.certificate, cursor:take(lr:uint()))
        return finish(lr:uint() .. " bytes"), options
    end
    -- PEX_REQ, CHOKE, UNCHOKE: the type byte is the whole message.
    return finish(""), options
end

---------------------------------------------------------------------------------------------------------------
-- libswift's legacy handshake: channel 0, then INTEGRITY(bin 0x7fffffff = ALL, 20-byte root hash) and a
-- HANDSHAKE with only a channel ID. Its peers then speak the old swift protocol, which we do not decode.
---------------------------------------------------------------------------------------------------------------
local LEGACY_OPENING_LENGTH = 4 + 1 + 4 + 20 + 1 + 4

local function is_legacy_opening(tvb)
    return tvb:len() >= LEGACY_OPENING_LENGTH and tvb(0, 4):uint() == 0 and tvb(4, 1):uint() == MSG_INTEGRITY
        and tvb(5, 4):uint() == 0x7fffffff and tvb(29, 1):uint() == MSG_HANDSHAKE
end

local function dissect_legacy(tvb, pinfo, tree, conversation, channel)
    tree:add(f.legacy, tvb(4), true):set_generated()
    tree:add_proto_expert_info(e.legacy)
    local summary = "libswift legacy protocol"
    local offset = 4
    if channel == 0 and is_legacy_opening(tvb) then
        tree:add(f.legacy_root_hash, tvb(9, 20))
        offset = 29
    end
    if tvb:len() >= offset + 5 and tvb(offset, 1):uint() == MSG_HANDSHAKE then
        local source = tvb(offset + 1, 4):uint()
        tree:add(f.legacy_channel, tvb(offset + 1, 4))
        if not pinfo.visited and source ~= 0 then legacy_channels[channel_key(conversation, source)] = true end
        summary = summary .. " handshake " .. string.format("%08x", source)
        offset = offset + 5
    end
    if tvb:len() > offset then tree:add(f.undecoded, tvb(offset)) end
    return summary
end

---------------------------------------------------------------------------------------------------------------
-- Segmentation-offload runs (the same rules as `eddy inspect`, SegmentedRuns.java). Eddy's transport hands the
-- kernel consecutive datagrams of one size to one recipient as one segmented write; a capture on the sending
-- host holds them back to back in one UDP payload, all of one length but the last (which may be shorter; over
-- 1232 bytes too: 8 KiB chunks, or a 1 KiB chunk with its batch's hashes), each starting with the same channel ID. A payload is split when some segment length
-- puts that channel ID at the start of every segment with a known message type (or nothing) right after it.
---------------------------------------------------------------------------------------------------------------
local GSO_HINT = "looks like a segmentation-offload run: capture with segmentation off"

-- The run's channel ID, or nil when there is none to repeat (too short, or channel 0: opening handshakes).
local function run_channel(tvb)
    if tvb:len() < 8 then return nil end
    local channel = tvb(0, 4):uint()
    if channel == 0 then return nil end
    return channel
end

local function max_segment(tvb) return tvb:len() - 4 end

local function fits(tvb, channel, segment)
    local length = tvb:len()
    for at = 0, length - 1, segment do
        local left = math.min(segment, length - at)
        if left < 4 or tvb(at, 4):uint() ~= channel then return false end
        if left > 4 then
            local mtype = tvb(at + 4, 1):uint()
            if MESSAGE_NAMES[mtype] == nil or mtype == 255 then return false end
        end
    end
    return true
end

-- Bytes of a chunk specification under an addressing method (nil if unknown).
local SPEC_WIDTHS = { [BINS32] = 4, [BYTES64] = 16, [CHUNKS32] = 8, [BINS64] = 8, [CHUNKS64] = 16 }

-- Length of each segment (but the last) when the payload is a run, else nil.
local function segment_length(tvb)
    local channel = run_channel(tvb)
    if not channel then return nil end
    for segment = 4, max_segment(tvb) do
        if tvb(segment, 4):uint() == channel and fits(tvb, channel, segment) then return segment end
    end
    return nil
end

-- For a payload not split: where it repeats its channel ID where decoding it as one datagram went wrong, at
-- `from` (where decoding failed) or from `from` on (inside a DATA payload), within the first segment's reach;
-- else nil.
local function unexplained_run_at(tvb, from, to)
    local channel = run_channel(tvb)
    if not channel or not from then return nil end
    for at = math.max(from, 4), math.min(to, max_segment(tvb)) do
        if tvb(at, 4):uint() == channel then return at end
    end
    return nil
end

---------------------------------------------------------------------------------------------------------------
-- The datagram: a whole UDP payload, or one segment of a run (`segment` = { index, count, offset }). Returns
-- the summary for the Info column.
---------------------------------------------------------------------------------------------------------------
local function dissect_datagram(tvb, pinfo, root, segment)
    local tree = root:add(ppspp, tvb())
    pinfo.cols.protocol = "PPSPP"
    local conversation = conversation_key(pinfo)
    if not pinfo.visited then known_conversations[conversation] = true end
    if segment then
        tree:add(f.segment, tvb(), segment.index .. "/" .. segment.count):set_generated()
        tree:append_text(", segment " .. segment.index .. "/" .. segment.count)
    end

    if tvb:len() < 4 then
        tree:add_proto_expert_info(e.truncated, "Datagram shorter than a channel ID (" .. tvb:len() .. " bytes)")
        return "Malformed: " .. tvb:len() .. "-byte datagram"
    end
    local channel = tvb(0, 4):uint()
    tree:add(f.channel, tvb(0, 4))
    local prefix = string.format("ch %08x: ", channel)

    if tvb:len() == 4 then
        tree:add(f.keepalive, tvb(0, 4), true):set_generated()
        tree:append_text(string.format(", channel %08x, keep-alive", channel))
        return prefix .. "keep-alive"
    end

    local legacy = legacy_channels[channel_key(conversation, channel)]
    if channel == 0 and is_legacy_opening(tvb) then legacy = true end
    if legacy then
        return prefix .. dissect_legacy(tvb, pinfo, tree, conversation, channel)
    end

    local options = options_for(pinfo, channel, segment and segment.offset or 0)
    if options.source == "defaults" and tvb(4, 1):uint() ~= MSG_HANDSHAKE then
        tree:add_proto_expert_info(e.assumed)
    end
    if channel == 0 and tvb(4, 1):uint() ~= MSG_HANDSHAKE then tree:add_proto_expert_info(e.no_handshake) end

    local cursor = new_cursor(tvb, 4)
    local summaries = {}
    local suspect_from, suspect_to -- where a run hidden in this payload would show, for the check below
    while cursor:has(1) do
        local at = cursor.offset
        local mtype = tvb(at, 1):uint()
        local ok, result, next_options = pcall(dissect_message, tree, cursor, options, pinfo, channel)
        if ok then
            summaries[#summaries + 1] = result
            if mtype == MSG_DATA and SPEC_WIDTHS[options.addressing] then
                suspect_from, suspect_to = at + 1 + SPEC_WIDTHS[options.addressing] + 8, tvb:len()
            end
            options = next_options
        else
            if MESSAGE_NAMES[mtype] == nil or mtype == 255 then
                suspect_from, suspect_to = at, at
            elseif type(result) == "table" and result.kind == Truncated then
                suspect_from, suspect_to = cursor.offset, cursor.offset
            end
            local err = result
            local name = MESSAGE_NAMES[tvb(at, 1):uint()] or ("type " .. tvb(at, 1):uint())
            if type(err) == "table" and err.kind == Truncated then
                tree:add_proto_expert_info(e.truncated, string.format(
                    "Truncated %s at offset %d: needs %d bytes, %d left", err.what, cursor.offset, err.need,
                    err.have))
                summaries[#summaries + 1] = name .. "[truncated]"
            elseif type(err) == "table" and err.kind == "stop" then
                summaries[#summaries + 1] = err.summary or (name .. "[undecodable]")
            else
                tree:add_proto_expert_info(e.internal, "Dissector failure: " .. tostring(err))
                summaries[#summaries + 1] = "[dissector failure]"
            end
            if tvb:len() > at then tree:add(f.undecoded, tvb(at)) end
            break
        end
    end
    if options.source ~= "defaults" then
        tree:add(f.options_from, tvb(0, 0), (ADDRESSING_NAMES[options.addressing] or "?") .. ", "
            .. (HASH_FUNCTION_NAMES[options.hash_function] or "?")):set_generated()
    end
    tree:append_text(string.format(", channel %08x, %d message%s", channel, #summaries, #summaries == 1 and "" or "s"))
    local info = prefix .. table.concat(summaries, ", ")
    local run_at = (not segment) and unexplained_run_at(tvb, suspect_from, suspect_to) or nil
    if run_at then
        tree:add_proto_expert_info(e.gso_unsplit, string.format("%s (channel ID again at offset %d of %d bytes)",
            GSO_HINT, run_at, tvb:len()))
        info = info .. " [" .. GSO_HINT .. "]"
    end
    return info
end

-- A UDP payload: one datagram, or a segmentation-offload run of several.
local function dissect_payload(tvb, pinfo, root)
    local segment = segment_length(tvb)
    if not segment then
        pinfo.cols.info = dissect_datagram(tvb, pinfo, root, nil)
        return
    end
    local count = math.ceil(tvb:len() / segment)
    local infos = {}
    for i = 1, count do
        local offset = (i - 1) * segment
        local part = tvb(offset, math.min(segment, tvb:len() - offset)):tvb()
        infos[#infos + 1] = dissect_datagram(part, pinfo, root, { index = i, count = count, offset = offset })
    end
    root:add_proto_expert_info(e.gso_run, string.format(
        "Segmentation-offload run split into %d datagrams of %d bytes (the last %d)", count, segment,
        tvb:len() - (count - 1) * segment))
    pinfo.cols.info = string.format("[%d-datagram segmentation-offload run] ", count) .. table.concat(infos, " | ")
end

function ppspp.dissector(tvb, pinfo, root)
    local ok, err = pcall(dissect_payload, tvb, pinfo, root)
    if not ok then
        root:add_proto_expert_info(e.internal, "Dissector failure: " .. tostring(err))
    end
    return tvb:len()
end

---------------------------------------------------------------------------------------------------------------
-- Finding PPSPP: Decode As / port preference, or a heuristic that recognises opening handshakes (PPSPP or
-- legacy) and then follows the conversation.
---------------------------------------------------------------------------------------------------------------
local function looks_like_opening_handshake(tvb)
    if tvb:len() < 4 + 1 + 4 + 3 or tvb(0, 4):uint() ~= 0 then return false end
    if is_legacy_opening(tvb) then return true end
    -- Channel 0, HANDSHAKE, source channel, then the version option first (§7.2), then well-formed options.
    if tvb(4, 1):uint() ~= MSG_HANDSHAKE or tvb(9, 1):uint() ~= OPT_VERSION then return false end
    local offset = 9
    while offset < tvb:len() do
        local code = tvb(offset, 1):uint()
        if code == OPT_END then return true end
        if code == OPT_SWARM_ID then
            if offset + 3 > tvb:len() then return false end
            offset = offset + 3 + tvb(offset + 1, 2):uint()
        elseif code == OPT_SUPPORTED_MESSAGES then
            if offset + 2 > tvb:len() then return false end
            offset = offset + 2 + tvb(offset + 1, 1):uint()
        elseif code == OPT_CHUNK_SIZE then offset = offset + 5
        elseif code == OPT_DISCARD_WINDOW then return true -- its width needs the addressing; good enough
        elseif code <= OPT_ADDRESSING then offset = offset + 2
        else return false end
    end
    return false
end

local function heuristic(tvb, pinfo, root)
    local ok, claimed = pcall(function()
        return known_conversations[conversation_key(pinfo)] or looks_like_opening_handshake(tvb)
    end)
    if not ok or not claimed then return false end
    pinfo.conversation = ppspp
    ppspp.dissector(tvb, pinfo, root)
    return true
end

local udp_port = DissectorTable.get("udp.port")
udp_port:add_for_decode_as(ppspp)
ppspp:register_heuristic("udp", heuristic)

local registered_ports = ""
function ppspp.prefs_changed()
    if registered_ports ~= "" then udp_port:remove(registered_ports, ppspp) end
    registered_ports = tostring(ppspp.prefs.ports)
    if registered_ports ~= "" then udp_port:add(registered_ports, ppspp) end
end
