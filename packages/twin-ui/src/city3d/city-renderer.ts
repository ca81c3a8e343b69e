import {
  AdditiveBlending,
  AmbientLight,
  BoxGeometry,
  BufferGeometry,
  CanvasTexture,
  Color,
  CylinderGeometry,
  DirectionalLight,
  DoubleSide,
  ExtrudeGeometry,
  Float32BufferAttribute,
  GridHelper,
  Group,
  InstancedMesh,
  LineBasicMaterial,
  LineSegments,
  type Material,
  Matrix4,
  Mesh,
  MeshBasicMaterial,
  MeshLambertMaterial,
  type Object3D,
  Path,
  Points,
  PointsMaterial,
  Quaternion,
  RingGeometry,
  Scene,
  Shape,
  SRGBColorSpace,
  Vector2,
  Vector3,
  WebGLRenderer,
} from 'three';
import type { Severity } from '../alerts/alert-types.ts';
import { toSeverityColor } from '../alerts/severity.ts';
import { type Beacon, isSameBeacons } from './beacons.ts';
import { type CityModel, cityCentreCode, type DistrictShape } from './city-model.ts';
import { createCityCamera, toWorld } from './city-camera.ts';
import type { LocalPoint } from './projection.ts';

declare global {
  interface Window {
    /** How many 3D-city renderers (WebGL contexts) are alive; browser tests check for leaks. */
    __twinCity3dRenderers?: number;
  }
}

/** The 3D city's drawing: a three.js scene drawn on demand into its own canvas. */
export type CityRenderer = {
  readonly canvas: HTMLCanvasElement;
  setModel(model: CityModel): void;
  setBeacons(beacons: readonly Beacon[]): void;
  /**
   * Whether beacons pulse and flows move for a few seconds after each change (off for reduced
   * motion: only still frames).
   */
  setAnimate(animate: boolean): void;
  /** The canvas size in CSS pixels. */
  setSize(width: number, height: number): void;
  /** Calls back once, after the next frame is drawn. */
  afterNextDraw(callback: () => void): void;
  /** Stops drawing and frees the WebGL context and everything on the GPU. */
  dispose(): void;
};

// Beacons pulse and flows move for a while after the beacons changed, drawn at most this often;
// then one still frame, and nothing more until the next change (an idle wall screen stays idle).
const animationFps = 15;
const animateAfterChangeMs = 3_000;
const frameIntervalMs = 1_000 / animationFps;
const pulsePeriodS = 1.6;
const ringPeriodS = 2.2;
const flowPeriodS = 2.6;

const palette = {
  centreCap: '#104b85',
  urbanCap: '#0b3d6e',
  countyCap: '#072a4d',
  urbanSide: '#0c6aa6',
  countySide: '#08446f',
  urbanEdge: '#00e5ff',
  countyEdge: '#1aa6d9',
  wall: '#00e5ff',
  buildingLow: '#1b5d99',
  buildingHigh: '#46dcff',
  buildingBase: '#0b2a4f',
  buildingTop: '#d8fbff',
  grid: '#00e5ff',
} as const;

const beaconBaseKm = 0.95;
const urbanWallKm = 1.6;
const countyWallKm = 0.7;

/** A beam's height: worse alerts reach higher. */
export function toBeamHeightKm(severity: Severity): number {
  return 3 + 1.5 * severity;
}

function toColor(style: string): Color {
  return new Color().setStyle(style, SRGBColorSpace);
}

function toSeverityThreeColor(severity: Severity): Color {
  const [r, g, b] = toSeverityColor(severity);
  return new Color().setRGB(r / 255, g / 255, b / 255, SRGBColorSpace);
}

/** Creates the renderer and its canvas (not yet in the document). */
export function createCityRenderer(): CityRenderer {
  // No multisampling: a wall screen may draw in software (llvmpipe), where it costs the most.
  const renderer = new WebGLRenderer({ antialias: false, alpha: true, powerPreference: 'default' });
  renderer.setPixelRatio(Math.min(window.devicePixelRatio || 1, 2));
  renderer.setClearColor(0x000000, 0);
  const canvas = renderer.domElement;
  canvas.className = 'city3d__canvas';
  canvas.dataset.testid = 'city3d-canvas';
  window.__twinCity3dRenderers = (window.__twinCity3dRenderers ?? 0) + 1;

  const scene = new Scene();
  let camera = createCityCamera(null, 0, 0);
  scene.add(new AmbientLight(0xffffff, 1.1));
  const sun = new DirectionalLight(0xffffff, 2.2);
  sun.position.set(-40, 90, 60);
  scene.add(sun);
  const grid = new GridHelper(600, 150, toColor(palette.grid), toColor(palette.grid));
  const gridMaterial = grid.material as Material;
  gridMaterial.transparent = true;
  gridMaterial.opacity = 0.09;
  gridMaterial.depthWrite = false;
  grid.position.y = -0.05;
  scene.add(grid);

  // Materials and geometries shared by what is rebuilt; freed once, in dispose().
  const shared = {
    centreCap: new MeshLambertMaterial({
      color: toColor(palette.centreCap),
      transparent: true,
      opacity: 0.95,
    }),
    urbanCap: new MeshLambertMaterial({
      color: toColor(palette.urbanCap),
      transparent: true,
      opacity: 0.92,
    }),
    countyCap: new MeshLambertMaterial({
      color: toColor(palette.countyCap),
      transparent: true,
      opacity: 0.85,
    }),
    urbanSide: new MeshBasicMaterial({
      color: toColor(palette.urbanSide),
      transparent: true,
      opacity: 0.75,
    }),
    countySide: new MeshBasicMaterial({
      color: toColor(palette.countySide),
      transparent: true,
      opacity: 0.7,
    }),
    urbanEdge: new LineBasicMaterial({ color: toColor(palette.urbanEdge) }),
    countyEdge: new LineBasicMaterial({
      color: toColor(palette.countyEdge),
      transparent: true,
      opacity: 0.8,
    }),
    wall: new MeshBasicMaterial({
      vertexColors: true,
      transparent: true,
      blending: AdditiveBlending,
      side: DoubleSide,
      depthWrite: false,
    }),
    building: new MeshLambertMaterial({ vertexColors: true }),
    buildingBox: toGradientBox(),
    beamCore: new CylinderGeometry(0.1, 0.1, 1, 6, 1, true).translate(0, 0.5, 0),
    beamGlow: toFadingCylinder(0.55),
    ring: new RingGeometry(0.55, 0.85, 40).rotateX(-Math.PI / 2),
    coreMaterial: new MeshBasicMaterial({ transparent: true, opacity: 0.95, depthWrite: false }),
    glowMaterial: new MeshBasicMaterial({
      vertexColors: true,
      transparent: true,
      blending: AdditiveBlending,
      side: DoubleSide,
      depthWrite: false,
    }),
    ringMaterial: new MeshBasicMaterial({
      transparent: true,
      blending: AdditiveBlending,
      side: DoubleSide,
      depthWrite: false,
    }),
    flowMaterial: new LineBasicMaterial({
      vertexColors: true,
      transparent: true,
      blending: AdditiveBlending,
      depthWrite: false,
    }),
    dot: toDotTexture(),
  };
  const cometMaterial = new PointsMaterial({
    size: 9,
    sizeAttenuation: false,
    vertexColors: true,
    map: shared.dot,
    transparent: true,
    blending: AdditiveBlending,
    depthWrite: false,
  });

  let model: CityModel | null = null;
  let city: Group | null = null;
  let beacons: readonly Beacon[] = [];
  let beaconLayer: BeaconLayer | null = null;
  let animate = true;
  let width = 0;
  let height = 0;
  let frameRequest = 0;
  let lastDrawAt = Number.NEGATIVE_INFINITY;
  let lastDrawMoved = false;
  let animateUntil = Number.NEGATIVE_INFINITY;
  let dirty = true;
  let disposed = false;
  const drawCallbacks: (() => void)[] = [];

  const animating = (now: number): boolean => animate && beacons.length > 0 && now < animateUntil;

  function tick(now: number): void {
    frameRequest = 0;
    if (disposed) return;
    const moving = animating(now);
    // The first frame after the animation ended is the still one.
    if (dirty || (moving && now - lastDrawAt >= frameIntervalMs) || (!moving && lastDrawMoved)) {
      draw(now);
    }
    if (moving) frameRequest = requestAnimationFrame(tick);
  }

  function animateFromNow(): void {
    animateUntil = performance.now() + animateAfterChangeMs;
  }

  function invalidate(): void {
    dirty = true;
    if (frameRequest === 0 && !disposed) frameRequest = requestAnimationFrame(tick);
  }

  function draw(now: number): void {
    if (width === 0 || height === 0) return;
    lastDrawMoved = animating(now);
    beaconLayer?.update(lastDrawMoved ? now / 1_000 : null);
    renderer.render(scene, camera);
    dirty = false;
    lastDrawAt = now;
    canvas.dataset.districts = String(model?.districts.length ?? 0);
    canvas.dataset.buildings = String(model?.buildings.length ?? 0);
    canvas.dataset.beacons = String(beaconLayer?.count ?? 0);
    for (const callback of drawCallbacks.splice(0)) callback();
  }

  function frameCamera(): void {
    camera = createCityCamera(model?.frame ?? null, width, height);
  }

  function rebuildBeacons(): void {
    if (beaconLayer) {
      scene.remove(beaconLayer.group);
      beaconLayer.dispose();
      beaconLayer = null;
    }
    if (beacons.length > 0) {
      beaconLayer = createBeaconLayer(beacons, shared, cometMaterial);
      scene.add(beaconLayer.group);
    }
  }

  return {
    canvas,
    setModel(next) {
      if (next === model) return;
      model = next;
      if (city) {
        scene.remove(city);
        disposeGeometries(city, [shared.buildingBox]);
      }
      city = buildCity(next, shared);
      scene.add(city);
      frameCamera();
      invalidate();
    },
    setBeacons(next) {
      if (isSameBeacons(next, beacons)) return;
      beacons = next;
      rebuildBeacons();
      animateFromNow();
      invalidate();
    },
    setAnimate(next) {
      if (next === animate) return;
      animate = next;
      animateFromNow();
      invalidate();
    },
    setSize(nextWidth, nextHeight) {
      if (nextWidth === width && nextHeight === height) return;
      width = nextWidth;
      height = nextHeight;
      renderer.setSize(width, height, true);
      frameCamera();
      invalidate();
    },
    afterNextDraw(callback) {
      drawCallbacks.push(callback);
      invalidate();
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      if (frameRequest !== 0) cancelAnimationFrame(frameRequest);
      frameRequest = 0;
      drawCallbacks.length = 0;
      beaconLayer?.dispose();
      if (city) disposeGeometries(city, [shared.buildingBox]);
      grid.geometry.dispose();
      gridMaterial.dispose();
      for (const item of Object.values(shared)) item.dispose();
      cometMaterial.dispose();
      renderer.dispose();
      renderer.forceContextLoss();
      canvas.remove();
      window.__twinCity3dRenderers = Math.max(0, (window.__twinCity3dRenderers ?? 1) - 1);
    },
  };
}

type SharedResources = {
  centreCap: Material;
  urbanCap: Material;
  countyCap: Material;
  urbanSide: Material;
  countySide: Material;
  urbanEdge: LineBasicMaterial;
  countyEdge: LineBasicMaterial;
  wall: Material;
  building: Material;
  buildingBox: BufferGeometry;
  beamCore: BufferGeometry;
  beamGlow: BufferGeometry;
  ring: BufferGeometry;
  coreMaterial: MeshBasicMaterial;
  glowMaterial: MeshBasicMaterial;
  ringMaterial: MeshBasicMaterial;
  flowMaterial: LineBasicMaterial;
};

/** The districts (extruded blocks, glowing edges, light walls) and the buildings. */
function buildCity(model: CityModel, shared: SharedResources): Group {
  const group = new Group();
  const urbanEdges: number[] = [];
  const countyEdges: number[] = [];
  const walls = { positions: [] as number[], colors: [] as number[] };
  const wallColor = toColor(palette.wall);
  for (const district of model.districts) {
    const shapes = district.polygons.map(toShape);
    const geometry = new ExtrudeGeometry(shapes, {
      depth: district.heightKm,
      bevelEnabled: false,
      curveSegments: 1,
    });
    // The shapes lie in x/y with y north; the block stands on x/z with y up.
    geometry.rotateX(-Math.PI / 2);
    const mesh = new Mesh(
      geometry,
      district.urban
        ? [district.code === cityCentreCode ? shared.centreCap : shared.urbanCap, shared.urbanSide]
        : [shared.countyCap, shared.countySide],
    );
    mesh.name = `district-${district.code}`;
    group.add(mesh);
    addEdges(district, district.urban ? urbanEdges : countyEdges);
    addWalls(district, district.urban ? urbanWallKm : countyWallKm, wallColor, walls);
  }
  group.add(toLineSegments(urbanEdges, shared.urbanEdge));
  group.add(toLineSegments(countyEdges, shared.countyEdge));
  const wallGeometry = new BufferGeometry();
  wallGeometry.setAttribute('position', new Float32BufferAttribute(walls.positions, 3));
  wallGeometry.setAttribute('color', new Float32BufferAttribute(walls.colors, 4));
  group.add(new Mesh(wallGeometry, shared.wall));
  group.add(toBuildingMesh(model, shared));
  return group;
}

function toShape(polygon: LocalPoint[][]): Shape {
  const [outer = [], ...holes] = polygon;
  const toVector = ([east, north]: LocalPoint) => new Vector2(east, north);
  const shape = new Shape(outer.map(toVector));
  for (const hole of holes) shape.holes.push(new Path(hole.map(toVector)));
  return shape;
}

function addEdges(district: DistrictShape, out: number[]): void {
  const y = district.heightKm + 0.02;
  for (const polygon of district.polygons) {
    for (const ring of polygon) {
      for (let index = 0; index < ring.length; index += 1) {
        const [e0, n0] = ring[index] ?? [0, 0];
        const [e1, n1] = ring[(index + 1) % ring.length] ?? [0, 0];
        out.push(e0, y, -n0, e1, y, -n1);
      }
    }
  }
}

/** A light wall (光墙) rising from the outer edge and fading upwards. */
function addWalls(
  district: DistrictShape,
  wallKm: number,
  color: Color,
  out: { positions: number[]; colors: number[] },
): void {
  const base = district.heightKm;
  const bottomAlpha = district.urban ? 0.6 : 0.3;
  for (const polygon of district.polygons) {
    const ring = polygon[0] ?? [];
    for (let index = 0; index < ring.length; index += 1) {
      const [e0, n0] = ring[index] ?? [0, 0];
      const [e1, n1] = ring[(index + 1) % ring.length] ?? [0, 0];
      const top = base + wallKm;
      out.positions.push(
        e0,
        base,
        -n0,
        e1,
        base,
        -n1,
        e1,
        top,
        -n1,
        e0,
        base,
        -n0,
        e1,
        top,
        -n1,
        e0,
        top,
        -n0,
      );
      for (const alpha of [bottomAlpha, bottomAlpha, 0, bottomAlpha, 0, 0]) {
        out.colors.push(color.r, color.g, color.b, alpha);
      }
    }
  }
}

function toLineSegments(positions: number[], material: LineBasicMaterial): LineSegments {
  const geometry = new BufferGeometry();
  geometry.setAttribute('position', new Float32BufferAttribute(positions, 3));
  return new LineSegments(geometry, material);
}

/** Every building in one instanced mesh: one draw call. */
function toBuildingMesh(model: CityModel, shared: SharedResources): InstancedMesh {
  const { buildings } = model;
  const mesh = new InstancedMesh(
    shared.buildingBox,
    shared.building,
    Math.max(buildings.length, 1),
  );
  mesh.count = buildings.length;
  const tallest = buildings.reduce((max, building) => Math.max(max, building.height), 1);
  const low = toColor(palette.buildingLow);
  const high = toColor(palette.buildingHigh);
  const matrix = new Matrix4();
  const rotation = new Quaternion();
  const color = new Color();
  for (const [index, building] of buildings.entries()) {
    matrix.compose(
      toWorld([building.east, building.north], 0),
      rotation,
      new Vector3(building.width, building.height, building.depth),
    );
    mesh.setMatrixAt(index, matrix);
    mesh.setColorAt(index, color.copy(low).lerp(high, Math.sqrt(building.height / tallest)));
  }
  mesh.instanceMatrix.needsUpdate = true;
  if (mesh.instanceColor) mesh.instanceColor.needsUpdate = true;
  // The boxes' bounds are the whole city, never culled wrongly.
  mesh.computeBoundingSphere();
  return mesh;
}

/** A unit box standing on y = 0, dark at the foot and bright on top. */
function toGradientBox(): BufferGeometry {
  const geometry = new BoxGeometry(1, 1, 1).translate(0, 0.5, 0);
  const base = toColor(palette.buildingBase);
  const top = toColor(palette.buildingTop);
  const position = geometry.getAttribute('position');
  const colors: number[] = [];
  const color = new Color();
  for (let index = 0; index < position.count; index += 1) {
    color.copy(base).lerp(top, position.getY(index));
    colors.push(color.r, color.g, color.b);
  }
  geometry.setAttribute('color', new Float32BufferAttribute(colors, 3));
  return geometry;
}

/** An open cylinder standing on y = 0, opaque white at the foot fading to nothing at the top. */
function toFadingCylinder(radius: number): BufferGeometry {
  const geometry = new CylinderGeometry(radius, radius, 1, 20, 1, true).translate(0, 0.5, 0);
  const position = geometry.getAttribute('position');
  const colors: number[] = [];
  for (let index = 0; index < position.count; index += 1) {
    colors.push(1, 1, 1, 0.75 * (1 - position.getY(index)));
  }
  geometry.setAttribute('color', new Float32BufferAttribute(colors, 4));
  return geometry;
}

/** A soft round dot for the moving flow heads. */
function toDotTexture(): CanvasTexture {
  const size = 64;
  const canvas = document.createElement('canvas');
  canvas.width = size;
  canvas.height = size;
  const context = canvas.getContext('2d');
  if (context) {
    const gradient = context.createRadialGradient(
      size / 2,
      size / 2,
      0,
      size / 2,
      size / 2,
      size / 2,
    );
    gradient.addColorStop(0, 'rgba(255,255,255,1)');
    gradient.addColorStop(0.35, 'rgba(255,255,255,0.8)');
    gradient.addColorStop(1, 'rgba(255,255,255,0)');
    context.fillStyle = gradient;
    context.fillRect(0, 0, size, size);
  }
  const texture = new CanvasTexture(canvas);
  texture.colorSpace = SRGBColorSpace;
  return texture;
}

type BeaconLayer = {
  group: Group;
  count: number;
  /** Moves pulses and flows to `seconds`; null draws them still. */
  update(seconds: number | null): void;
  dispose(): void;
};

const flowSegments = 32;

/** The beams, their pulsing rings and the flows from the district seats. */
function createBeaconLayer(
  beacons: readonly Beacon[],
  shared: SharedResources,
  cometMaterial: PointsMaterial,
): BeaconLayer {
  const group = new Group();
  const count = beacons.length;
  const core = new InstancedMesh(shared.beamCore, shared.coreMaterial, count);
  const glow = new InstancedMesh(shared.beamGlow, shared.glowMaterial, count);
  const rings = new InstancedMesh(shared.ring, shared.ringMaterial, count);
  const matrix = new Matrix4();
  const rotation = new Quaternion();
  const bases: Vector3[] = [];
  for (const [index, beacon] of beacons.entries()) {
    const color = toSeverityThreeColor(beacon.severity);
    const base = toWorld(beacon.at, beaconBaseKm);
    bases.push(base);
    const beamHeight = toBeamHeightKm(beacon.severity);
    core.setMatrixAt(index, matrix.compose(base, rotation, new Vector3(1, beamHeight, 1)));
    glow.setMatrixAt(index, matrix.compose(base, rotation, new Vector3(1, beamHeight * 0.8, 1)));
    rings.setMatrixAt(index, matrix.compose(base, rotation, new Vector3(1, 1, 1)));
    core.setColorAt(index, color);
    glow.setColorAt(index, color);
    rings.setColorAt(index, color);
  }
  for (const mesh of [core, glow, rings]) {
    mesh.computeBoundingSphere();
    group.add(mesh);
  }

  // Flows: a raised arc from the seat to the beam, and a bright head running along it.
  const curves: { from: Vector3; control: Vector3; to: Vector3 }[] = [];
  const flowPositions: number[] = [];
  const flowColors: number[] = [];
  const headColors: number[] = [];
  for (const [index, beacon] of beacons.entries()) {
    if (beacon.origin === null) continue;
    const from = toWorld(beacon.origin, beaconBaseKm);
    const to = bases[index] ?? from;
    const distance = from.distanceTo(to);
    const control = from.clone().lerp(to, 0.5);
    control.y += 1.2 + 0.35 * distance;
    curves.push({ from, control, to });
    const color = toSeverityThreeColor(beacon.severity);
    let previous = from;
    for (let step = 1; step <= flowSegments; step += 1) {
      const point = quadratic(from, control, to, step / flowSegments, new Vector3());
      flowPositions.push(previous.x, previous.y, previous.z, point.x, point.y, point.z);
      const alphaFrom = 0.25 + 0.5 * ((step - 1) / flowSegments);
      const alphaTo = 0.25 + 0.5 * (step / flowSegments);
      flowColors.push(color.r, color.g, color.b, alphaFrom, color.r, color.g, color.b, alphaTo);
      previous = point;
    }
    headColors.push(color.r, color.g, color.b);
  }
  let heads: Points | null = null;
  if (curves.length > 0) {
    const flowGeometry = new BufferGeometry();
    flowGeometry.setAttribute('position', new Float32BufferAttribute(flowPositions, 3));
    flowGeometry.setAttribute('color', new Float32BufferAttribute(flowColors, 4));
    group.add(new LineSegments(flowGeometry, shared.flowMaterial));
    const headGeometry = new BufferGeometry();
    headGeometry.setAttribute(
      'position',
      new Float32BufferAttribute(new Float32Array(curves.length * 3), 3),
    );
    headGeometry.setAttribute('color', new Float32BufferAttribute(headColors, 3));
    heads = new Points(headGeometry, cometMaterial);
    heads.frustumCulled = false;
    group.add(heads);
  }

  const scratch = new Vector3();
  const ringScale = new Vector3();
  return {
    group,
    count,
    update(seconds) {
      const pulse =
        seconds === null ? 1 : 0.5 + 0.5 * Math.sin((2 * Math.PI * seconds) / pulsePeriodS);
      shared.glowMaterial.opacity = 0.6 + 0.4 * pulse;
      const ringPhase = seconds === null ? 0.45 : (seconds / ringPeriodS) % 1;
      shared.ringMaterial.opacity = 0.9 * (1 - ringPhase);
      const scale = 1 + 3 * ringPhase;
      ringScale.set(scale, 1, scale);
      for (const [index, base] of bases.entries()) {
        rings.setMatrixAt(index, matrix.compose(base, rotation, ringScale));
      }
      rings.instanceMatrix.needsUpdate = true;
      if (heads) {
        const position = heads.geometry.getAttribute('position');
        for (const [index, curve] of curves.entries()) {
          const phase = seconds === null ? 0.6 : (seconds / flowPeriodS + index * 0.173) % 1;
          quadratic(curve.from, curve.control, curve.to, phase, scratch);
          position.setXYZ(index, scratch.x, scratch.y, scratch.z);
        }
        position.needsUpdate = true;
      }
    },
    dispose() {
      for (const mesh of [core, glow, rings]) mesh.dispose();
      disposeGeometries(group, [shared.beamCore, shared.beamGlow, shared.ring]);
    },
  };
}

function quadratic(from: Vector3, control: Vector3, to: Vector3, t: number, out: Vector3): Vector3 {
  const a = (1 - t) * (1 - t);
  const b = 2 * t * (1 - t);
  const c = t * t;
  return out.set(
    a * from.x + b * control.x + c * to.x,
    a * from.y + b * control.y + c * to.y,
    a * from.z + b * control.z + c * to.z,
  );
}

/** Frees the geometries under `root` (materials are shared and freed by their owner). */
function disposeGeometries(root: Object3D, keep: readonly BufferGeometry[] = []): void {
  root.traverse((object) => {
    if (object instanceof Mesh || object instanceof LineSegments || object instanceof Points) {
      const geometry = object.geometry as BufferGeometry;
      if (!keep.includes(geometry)) geometry.dispose();
      if (object instanceof InstancedMesh) object.dispose();
    }
  });
}
