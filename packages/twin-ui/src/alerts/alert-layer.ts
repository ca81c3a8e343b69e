import {
  CompositeLayer,
  type CompositeLayerProps,
  type DefaultProps,
  type PickingInfo,
} from '@deck.gl/core';
import { ScatterplotLayer } from '@deck.gl/layers';
import type { Rgba } from '../air-quality/aqi-band.ts';
import type { Position, Severity } from './alert-types.ts';
import { toSeverityColor } from './severity.ts';

/** An open alert or incident where it happened. */
export type AlertMarker = {
  kind: 'alert' | 'incident';
  id: string;
  position: Position;
  severity: Severity;
  title: string;
  titleEn: string;
  district: string | null;
  openedAt: string;
  /** The incident's alerts; 1 for an alert. */
  alertCount: number;
};

/** How long one pulse takes to grow and fade. */
const pulsePeriodMs = 2_000;
/** A ring moves about 15 times a second: smooth enough, a quarter of the frames of 60 Hz. */
const pulseFrameMs = 66;
/** How far a ring grows over its base radius at the end of a pulse. */
const pulseGrowth = 2.2;

// The phase of the pulse (0 → 1) as a uniform: the rings grow and fade on the GPU, and no
// attribute is recomputed while they do.
const pulseUniforms = {
  name: 'pulse',
  vs: /* glsl */ `\
layout(std140) uniform pulseUniforms {
  float phase;
} pulse;
`,
  uniformTypes: { phase: 'f32' },
} as const;

type _PulseRingLayerProps = {
  /** True: the ring grows and fades in a loop; false: it stands still, a third grown. */
  animate?: boolean;
  /** Where in the loop this ring is (0–1), so two rings can follow each other. */
  phaseOffset?: number;
};

/**
 * Rings that grow and fade. While `animate` is on, each drawn frame sets the phase from the
 * clock and asks deck.gl for another frame about 15 times a second: the loop is deck.gl's own
 * render loop, its one pending timer belongs to the layer, and both end with the layer.
 */
class PulseRingLayer<D> extends ScatterplotLayer<D, _PulseRingLayerProps> {
  static override layerName = 'PulseRingLayer';
  static override defaultProps = {
    ...ScatterplotLayer.defaultProps,
    animate: { type: 'boolean', value: true },
    phaseOffset: { type: 'number', value: 0 },
  };

  declare state: ScatterplotLayer<D>['state'] & {
    redrawTimer?: ReturnType<typeof setTimeout> | null;
  };

  override getShaders() {
    const shaders = super.getShaders();
    return {
      ...shaders,
      modules: [...shaders.modules, pulseUniforms],
      inject: {
        'vs:DECKGL_FILTER_SIZE': `size *= 1.0 + pulse.phase * ${pulseGrowth.toFixed(1)};`,
        'vs:DECKGL_FILTER_COLOR': 'color.a *= 1.0 - pulse.phase;',
      },
    };
  }

  override draw(options: Parameters<ScatterplotLayer<D>['draw']>[0]) {
    const { animate, phaseOffset } = this.props;
    const phase = animate ? (performance.now() / pulsePeriodMs + (phaseOffset ?? 0)) % 1 : 0.35;
    this.setShaderModuleProps({ pulse: { phase } });
    super.draw(options);
    const { state } = this;
    if (animate && !state.redrawTimer) {
      state.redrawTimer = setTimeout(() => {
        state.redrawTimer = null;
        this.getCurrentLayer()?.setNeedsRedraw();
      }, pulseFrameMs);
    }
  }

  override finalizeState(context: Parameters<ScatterplotLayer<D>['finalizeState']>[0]) {
    if (this.state.redrawTimer) clearTimeout(this.state.redrawTimer);
    this.state.redrawTimer = null;
    super.finalizeState(context);
  }
}

type _AlertLayerProps = {
  /** Open alerts and incidents with a location; replace the array to change them. */
  markers: readonly AlertMarker[];
  /** Pulse the rings (off for reduced motion). */
  animate?: boolean;
  /** At most this many markers, the most severe and newest, get pulsing rings. */
  pulseLimit?: number;
};

export type AlertLayerProps = _AlertLayerProps & CompositeLayerProps;

const withAlpha = ([r, g, b]: Rgba, alpha: number): Rgba => [r, g, b, alpha];
const baseRadius = (marker: AlertMarker): number => (marker.kind === 'incident' ? 13 : 7);

/**
 * Open alerts as dots and incidents as rings, in their severity's colour, each with pulsing
 * rings around it; the most severe are drawn on top.
 */
export class AlertLayer extends CompositeLayer<Required<_AlertLayerProps>> {
  static override layerName = 'AlertLayer';
  static override defaultProps: DefaultProps<AlertLayerProps> = {
    markers: { type: 'array', value: [] },
    animate: { type: 'boolean', value: true },
    pulseLimit: { type: 'number', value: 24 },
  };

  override renderLayers() {
    const markers = [...(this.props.markers as AlertMarker[])].sort(
      (a, b) => a.severity - b.severity,
    );
    const incidents = markers.filter((marker) => marker.kind === 'incident');
    const alerts = markers.filter((marker) => marker.kind === 'alert');
    const { animate, pulseLimit } = this.props;
    // A ring grows to ~40 pixels across and software WebGL shades every pixel of its square:
    // hundreds of rings would cost more than the rest of the map. The worst and newest pulse.
    const pulsing = [...markers]
      .sort((a, b) => b.severity - a.severity || b.openedAt.localeCompare(a.openedAt))
      .slice(0, pulseLimit)
      .reverse();
    const rings = [0, 0.5].map(
      (phaseOffset, index) =>
        new PulseRingLayer<AlertMarker>(this.getSubLayerProps({ id: `pulse-${index}` }), {
          data: pulsing,
          pickable: false,
          animate,
          phaseOffset,
          radiusUnits: 'pixels',
          getPosition: (marker) => marker.position,
          getRadius: baseRadius,
          filled: false,
          stroked: true,
          lineWidthUnits: 'pixels',
          getLineWidth: 2,
          getLineColor: (marker) => withAlpha(toSeverityColor(marker.severity), 230),
          // Without motion one ring says it all.
          visible: animate || index === 0,
        }),
    );
    return [
      ...rings,
      new ScatterplotLayer<AlertMarker>(this.getSubLayerProps({ id: 'incidents' }), {
        data: incidents,
        radiusUnits: 'pixels',
        getPosition: (marker) => marker.position,
        getRadius: 11,
        getFillColor: [3, 18, 44, 215],
        stroked: true,
        lineWidthUnits: 'pixels',
        getLineWidth: 3,
        getLineColor: (marker) => toSeverityColor(marker.severity),
        autoHighlight: true,
        highlightColor: [255, 255, 255, 110],
      }),
      new ScatterplotLayer<AlertMarker>(this.getSubLayerProps({ id: 'alerts' }), {
        data: alerts,
        radiusUnits: 'pixels',
        getPosition: (marker) => marker.position,
        getRadius: 6,
        getFillColor: (marker) => toSeverityColor(marker.severity),
        stroked: true,
        lineWidthUnits: 'pixels',
        getLineWidth: 1.5,
        getLineColor: [235, 250, 255, 230],
        autoHighlight: true,
        highlightColor: [255, 255, 255, 140],
      }),
    ];
  }
}

/** The alert or incident under the pointer, if the picked layer is an AlertLayer. */
export function toPickedMarker(info: PickingInfo): AlertMarker | null {
  return info.layer instanceof AlertLayer && info.object ? (info.object as AlertMarker) : null;
}
