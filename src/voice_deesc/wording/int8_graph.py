"""Keep the sentence encoder's int8 weights int8 in memory: a load-time rewrite of the pinned ONNX graph.

The pinned model stores each weight as int8 with a float scale and turns it back into float inside the graph
(``Cast`` then ``Mul``). ONNX Runtime folds those into float32 constants at load, so the 22 MB file costs ~95 MB
resident, nearly half of it the 30 522-row word-embedding table of which a reply touches a few dozen rows. The
rewrite, done in memory on the verified bytes (the file on disk is never changed):

- embedding tables: look the rows up in int8 first, then cast and scale only those rows (``Gather`` before
  ``Cast``/``Mul``): bit-for-bit the same vectors, any ONNX Runtime version;
- matrix weights: ``MatMulNBits`` with 8-bit weights, one block scale per output column repeated down each block, so
  the weights are exactly the file's; ``ACCURACY_LEVEL`` 4 lets the kernel multiply in int8, as fast as the folded
  float weights (an ONNX Runtime without 8-bit ``MatMulNBits`` keeps these folded: ``rewrite(..., matmul=False)``).

Protocol Buffers are read and written here at the wire level (only the few ONNX fields needed), so no ``onnx``
package is required at run time; every field not touched is copied through unchanged.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import numpy as np

BLOCK = 128
"""K-block of ``MatMulNBits``: divides both of the model's inner sizes (384, 1536)."""
ACCURACY_LEVEL = 4
"""int8 compute (activations quantised per block): measured 0.997-0.999 cosine to the float vectors."""
_FLOAT, _UINT8, _INT8 = 1, 2, 3
_ATTR_INT = 2


@dataclass
class _Node:
    inputs: list[str]
    outputs: list[str]
    op_type: str
    raw: bytes
    """The node's own bytes, written back unchanged when the rewrite leaves it alone."""


@dataclass
class _Graph:
    nodes: list[_Node] = field(default_factory=list)
    tensors: dict[str, tuple[bytes | memoryview, np.ndarray | None]] = field(default_factory=dict)
    """Initializer name -> (its bytes, its values when raw int8/float32 data)."""
    other: list[tuple[int, int, int | memoryview]] = field(default_factory=list)
    """Every other field (number, wire type, value bytes)."""


def rewrite(model: bytes, *, matmul: bool = True) -> bytes:
    """The model with its int8 weights kept int8 (see the module doc); a graph without that pattern comes back
    unchanged in meaning."""
    top = list(_fields(model))
    graph_bytes = next(bytes(v) for n, w, v in top if n == 7 and w == 2)
    graph = _parse_graph(graph_bytes)
    added = _rewrite_nodes(graph, matmul=matmul)
    parts: list[bytes | memoryview] = []
    for number, wire, value in top:
        if number == 7:
            parts += _write_graph(graph)
        else:
            parts.append(_field(number, wire, value))
    if added:
        parts.append(_field(8, 2, _field(1, 2, b"com.microsoft") + _field(2, 0, 1)))
    return b"".join(parts)


def _rewrite_nodes(graph: _Graph, *, matmul: bool) -> bool:
    """Replace dequantised-constant users in place; True when a Microsoft-domain node was added."""
    producer = {o: node for node in graph.nodes for o in node.outputs}
    added = False
    rewritten: list[_Node] = []
    for node in graph.nodes:
        table = _dequantised(graph, producer, node.inputs[0]) if node.op_type == "Gather" else None
        weight = _dequantised(graph, producer, node.inputs[1]) if node.op_type == "MatMul" else None
        if table:
            rewritten += _gather_first(node, *table)
        elif matmul and weight and _fits_nbits(graph, *weight):
            rewritten.append(_matmul_nbits(graph, node, *weight))
            added = True
        else:
            rewritten.append(node)
    graph.nodes = _prune(rewritten, graph)
    return added


def _dequantised(graph: _Graph, producer: dict[str, _Node], name: str) -> tuple[str, str] | None:
    """(int8 initializer, scale initializer) when ``name`` is ``Cast(int8 constant) * float constant``."""
    mul = producer.get(name)
    if mul is None or mul.op_type != "Mul" or len(mul.inputs) != 2:
        return None
    cast = producer.get(mul.inputs[0])
    if cast is None or cast.op_type != "Cast" or cast.inputs[0] not in graph.tensors:
        return None
    q, scale = graph.tensors[cast.inputs[0]][1], graph.tensors.get(mul.inputs[1], (b"", None))[1]
    if q is None or scale is None or q.dtype != np.int8 or scale.dtype != np.float32:
        return None
    return cast.inputs[0], mul.inputs[1]


def _gather_first(node: _Node, q_name: str, scale_name: str) -> list[_Node]:
    """Gather(table, ids) -> Gather(int8 table, ids), Cast, Gather(row scales, ids), Mul: same rows, same values."""
    table, ids = node.inputs[0], node.inputs[1]
    rows, floats, scales = f"{table}__rows_q", f"{table}__rows_f", f"{table}__rows_scale"
    return [
        _new_node("Gather", [q_name, ids], [rows], axis=0),
        _new_node("Cast", [rows], [floats], to=_FLOAT),
        _new_node("Gather", [scale_name, ids], [scales], axis=0),
        _new_node("Mul", [floats, scales], node.outputs),
    ]


def _fits_nbits(graph: _Graph, q_name: str, scale_name: str) -> bool:
    q, scale = graph.tensors[q_name][1], graph.tensors[scale_name][1]
    assert q is not None and scale is not None
    return q.ndim == 2 and q.shape[0] % BLOCK == 0 and scale.size == q.shape[1]


def _matmul_nbits(graph: _Graph, node: _Node, q_name: str, scale_name: str) -> _Node:
    """X @ (W_int8 * s) as MatMulNBits: W shifted to uint8 around zero point 128, s repeated for every K-block."""
    q, scale = graph.tensors[q_name][1], graph.tensors[scale_name][1]
    assert q is not None and scale is not None
    k, n = q.shape
    blocks = k // BLOCK
    packed = np.ascontiguousarray((q.view(np.uint8) ^ 0x80).T).reshape(n, blocks, BLOCK)  # x + 128, as uint8
    scales = np.repeat(scale.reshape(n, 1), blocks, axis=1).astype(np.float32)
    weight_name, scale_out = f"{q_name}__nbits", f"{q_name}__nbits_scale"
    graph.tensors[weight_name] = (_tensor(weight_name, packed, _UINT8), None)
    graph.tensors[scale_out] = (_tensor(scale_out, scales.reshape(-1), _FLOAT), None)
    attrs = {"K": k, "N": n, "bits": 8, "block_size": BLOCK, "accuracy_level": ACCURACY_LEVEL}
    return _new_node("MatMulNBits", [node.inputs[0], weight_name, scale_out], node.outputs, "com.microsoft", **attrs)


def _prune(nodes: list[_Node], graph: _Graph) -> list[_Node]:
    """Drop nodes whose outputs nothing reads any more, then initializers nothing reads."""
    infos = [info for number, _, info in graph.other if number == 12 and isinstance(info, memoryview)]
    graph_outputs = {_string(name) for info in infos for key, _, name in _fields(info) if key == 1}
    while True:
        used = {i for node in nodes for i in node.inputs} | graph_outputs
        kept = [node for node in nodes if any(o in used for o in node.outputs)]
        if len(kept) == len(nodes):
            break
        nodes = kept
    used = {i for node in nodes for i in node.inputs}
    graph.tensors = {k: v for k, v in graph.tensors.items() if k in used}
    return nodes


def _parse_graph(data: bytes) -> _Graph:
    graph = _Graph()
    for number, wire, value in _fields(data):
        if number == 1 and isinstance(value, memoryview):
            graph.nodes.append(_parse_node(bytes(value)))
        elif number == 5 and isinstance(value, memoryview):
            name, values = _parse_tensor(value)
            graph.tensors[name] = (value, values)
        else:
            graph.other.append((number, wire, value))
    return graph


def _write_graph(graph: _Graph) -> list[bytes | memoryview]:
    """The graph field (number 7) of the model as pieces to join: header, then each field's header and bytes."""
    body: list[bytes | memoryview] = []
    for number, value in [(1, node.raw) for node in graph.nodes] + [(5, raw) for raw, _ in graph.tensors.values()]:
        body += [_encode_varint(number << 3 | 2) + _encode_varint(len(value)), value]
    body += [_field(number, wire, value) for number, wire, value in graph.other]
    return [_encode_varint(7 << 3 | 2) + _encode_varint(sum(len(b) for b in body)), *body]


def _parse_node(data: bytes) -> _Node:
    inputs, outputs, op_type = [], [], ""
    for number, _, value in _fields(data):
        if number == 1:
            inputs.append(_string(value))
        elif number == 2:
            outputs.append(_string(value))
        elif number == 4:
            op_type = _string(value)
    return _Node(inputs, outputs, op_type, data)


def _parse_tensor(data: memoryview) -> tuple[str, np.ndarray | None]:
    """The initializer's name and, for raw int8 or float32 data, its values (other tensors are only copied)."""
    name, dtype, raw = "", 0, None
    dims: list[int] = []
    for number, _, value in _fields(data):
        if number == 8:
            name = _string(value)
        elif number == 1:
            dims += [value] if isinstance(value, int) else list(_varints(bytes(value)))
        elif number == 2:
            dtype = int(value)
        elif number == 9 and isinstance(value, memoryview):
            raw = value
    kinds: dict[int, type[np.generic]] = {_INT8: np.int8, _FLOAT: np.float32}
    if raw is None or dtype not in kinds:
        return name, None
    return name, np.frombuffer(raw, dtype=kinds[dtype]).reshape(dims)


def _tensor(name: str, values: np.ndarray, dtype: int) -> bytes:
    dims = b"".join(_field(1, 0, d) for d in values.shape)
    return dims + _field(2, 0, dtype) + _field(8, 2, name.encode()) + _field(9, 2, values.tobytes())


def _new_node(op_type: str, inputs: list[str], outputs: list[str], domain: str = "", **attrs: int) -> _Node:
    out = bytearray()
    for name in inputs:
        out += _field(1, 2, name.encode())
    for name in outputs:
        out += _field(2, 2, name.encode())
    out += _field(3, 2, f"{outputs[0]}__{op_type}".encode()) + _field(4, 2, op_type.encode())
    for key, value in attrs.items():
        out += _field(5, 2, _field(1, 2, key.encode()) + _field(3, 0, value) + _field(20, 0, _ATTR_INT))
    if domain:
        out += _field(7, 2, domain.encode())
    return _Node(inputs, outputs, op_type, bytes(out))


def _fields(data: bytes | memoryview) -> Iterator[tuple[int, int, int | memoryview]]:
    """(field number, wire type, value) of each field of a message: an int for varints, bytes otherwise."""
    view = memoryview(data)
    pos = 0
    while pos < len(view):
        key, pos = _varint(view, pos)
        number, wire = key >> 3, key & 7
        if wire == 0:
            value, pos = _varint(view, pos)
            yield number, wire, value
        elif wire == 2:
            size, pos = _varint(view, pos)
            yield number, wire, view[pos : pos + size]
            pos += size
        elif wire in (1, 5):
            width = 8 if wire == 1 else 4
            yield number, wire, view[pos : pos + width]
            pos += width
        else:
            raise ValueError(f"unsupported protobuf wire type {wire}")


def _field(number: int, wire: int, value: int | bytes | memoryview) -> bytes:
    key = _encode_varint(number << 3 | wire)
    if wire == 0:
        return key + _encode_varint(int(value))
    data = bytes(value)
    return key + (_encode_varint(len(data)) + data if wire == 2 else data)


def _varint(view: memoryview, pos: int) -> tuple[int, int]:
    result = shift = 0
    while True:
        byte = view[pos]
        pos += 1
        result |= (byte & 0x7F) << shift
        if byte < 0x80:
            return result, pos
        shift += 7


def _varints(data: bytes) -> Iterator[int]:
    view, pos = memoryview(data), 0
    while pos < len(view):
        value, pos = _varint(view, pos)
        yield value


def _encode_varint(value: int) -> bytes:
    value &= (1 << 64) - 1  # negative int64 as two's complement, as protobuf writes it
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def _string(value: int | memoryview) -> str:
    return bytes(value).decode()
