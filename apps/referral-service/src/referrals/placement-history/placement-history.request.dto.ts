import { IntersectionType } from '@nestjs/swagger';
import { PageRequestDto } from '#http';
import { PlacementFilterRequestDto } from '../dtos/placement-filter.request.dto.js';

export class PlacementHistoryRequestDto extends IntersectionType(PlacementFilterRequestDto, PageRequestDto) {}
