import { IntersectionType } from '@nestjs/swagger';
import { PageRequestDto } from '#web';
import { PlacementFilterRequestDto } from '../placement-filter.request.dto.js';

export class PlacementHistoryRequestDto extends IntersectionType(PlacementFilterRequestDto, PageRequestDto) {}
