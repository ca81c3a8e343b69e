import {
  CompositeLayer,
  type CompositeLayerProps,
  type DefaultProps,
  type GetPickingInfoParams,
  type PickingInfo,
  type UpdateParameters,
} from '@deck.gl/core';
import { HexagonLayer, type HexagonLayerPickingInfo } from '@deck.gl/aggregation-layers';
import { ScatterplotLayer } from '@deck.gl/layers';
import { hexagonColorRange, toCategoryColor } from './category-colors.ts';
import { toHexbin } from './hexbin.ts';
import type { TicketLocation } from './hotline-types.ts';

/** How the map shows orders at a zoom: hexagons of a radius (metres), or one dot per order. */
type ZoomBand = { kind: 'hexagons'; radius: number } | { kind: 'dots' };

/** Coarse hexagons for the whole city, finer ones for a county, dots for a neighbourhood. */
export function toZoomBand(zoom: number): ZoomBand {
  if (zoom < 9.5) return { kind: 'hexagons', radius: 3000 };
  if (zoom < 11) return { kind: 'hexagons', radius: 1000 };
  return { kind: 'dots' };
}

const sameBand = (a: ZoomBand, b: ZoomBand): boolean =>
  a.kind === b.kind && (a.kind === 'dots' || (b.kind === 'hexagons' && a.radius === b.radius));

/** A hexagon of orders under the pointer: its cell and how many orders it counts. */
export type PickedHexagon = { kind: 'hexagon'; column: number; row: number; count: number };
/** One order under the pointer. */
export type PickedTicket = { kind: 'ticket'; ticket: TicketLocation };

type _TicketLayerProps = {
  /** Orders to draw (already filtered); replace the array to change them. */
  tickets: readonly TicketLocation[];
  /** Called when the hexagons' count range changes, for the legend. */
  onCountDomain?: ((domain: [min: number, max: number]) => void) | null;
};

export type TicketLayerProps = _TicketLayerProps & CompositeLayerProps;

type TicketLayerState = { band: ZoomBand };

/**
 * Work orders on the map: counted into hexagons on the GPU (colour by count) when the city or a
 * county is in view, one dot per order in its category's colour when zoomed in close.
 */
export class TicketLayer extends CompositeLayer<Required<_TicketLayerProps>> {
  static override layerName = 'TicketLayer';
  static override defaultProps: DefaultProps<TicketLayerProps> = {
    tickets: { type: 'array', value: [] },
    onCountDomain: { type: 'function', value: null, optional: true },
  };

  declare state: TicketLayerState;

  override initializeState(): void {
    this.setState({ band: toZoomBand(this.context.viewport.zoom) });
  }

  // Pans and zooms re-render the sub-layers only when the zoom crosses into another band.
  override shouldUpdateState({ changeFlags }: UpdateParameters<this>): boolean {
    if (changeFlags.propsOrDataChanged || changeFlags.stateChanged) return true;
    return (
      Boolean(changeFlags.viewportChanged) &&
      !sameBand(toZoomBand(this.context.viewport.zoom), this.state.band)
    );
  }

  override updateState(params: UpdateParameters<this>): void {
    super.updateState(params);
    const band = toZoomBand(this.context.viewport.zoom);
    if (!sameBand(band, this.state.band)) this.setState({ band });
  }

  override renderLayers() {
    const tickets = this.props.tickets as TicketLocation[];
    const { band } = this.state;
    if (band.kind === 'dots') {
      return new ScatterplotLayer<TicketLocation>(this.getSubLayerProps({ id: 'dots' }), {
        data: tickets,
        radiusUnits: 'pixels',
        getPosition: (ticket) => ticket.position,
        getRadius: 5,
        getFillColor: (ticket) => toCategoryColor(ticket.category),
        stroked: true,
        lineWidthUnits: 'pixels',
        getLineWidth: 1,
        getLineColor: [2, 11, 26, 220],
        autoHighlight: true,
        highlightColor: [255, 255, 255, 160],
      });
    }
    return new HexagonLayer<TicketLocation>(this.getSubLayerProps({ id: 'hexagons' }), {
      data: tickets,
      gpuAggregation: true,
      radius: band.radius,
      coverage: 0.88,
      getPosition: (ticket) => ticket.position,
      colorRange: hexagonColorRange,
      // Orders crowd into the city centre: quantiles keep the rest of the city readable.
      colorScaleType: 'quantile',
      extruded: false,
      autoHighlight: true,
      highlightColor: [255, 255, 255, 90],
      onSetColorDomain: (domain: [number, number]) => this.props.onCountDomain?.(domain),
    });
  }

  override getPickingInfo({ info, sourceLayer }: GetPickingInfoParams): PickingInfo {
    if (!info.object) return info;
    if (sourceLayer instanceof HexagonLayer) {
      const cell = (info as HexagonLayerPickingInfo<TicketLocation>).object;
      if (!cell) return info;
      const picked: PickedHexagon = {
        kind: 'hexagon',
        column: cell.col,
        row: cell.row,
        count: cell.count,
      };
      return { ...info, object: picked };
    }
    const picked: PickedTicket = { kind: 'ticket', ticket: info.object as TicketLocation };
    return { ...info, object: picked };
  }

  /** The orders in a hexagon of the current hexagon layer, binned as the GPU binned them. */
  ticketsInHexagon(hexagon: PickedHexagon): TicketLocation[] {
    const hexagons = this.getSubLayers().find((layer) => layer instanceof HexagonLayer);
    if (!(hexagons instanceof HexagonLayer)) return [];
    const { aggregatorViewport, hexOriginCommon, radiusCommon } = hexagons.state;
    const [originX = 0, originY = 0] = hexOriginCommon;
    return (this.props.tickets as TicketLocation[]).filter((ticket) => {
      const [x = 0, y = 0] = aggregatorViewport.projectPosition([...ticket.position, 0]);
      const [column, row] = toHexbin([x - originX, y - originY], radiusCommon);
      return column === hexagon.column && row === hexagon.row;
    });
  }
}

/** What is under the pointer if it is this layer's: a hexagon or an order. */
export function toPickedOrders(info: PickingInfo): PickedHexagon | PickedTicket | null {
  if (!(info.layer instanceof TicketLayer) || !info.object) return null;
  return info.object as PickedHexagon | PickedTicket;
}
