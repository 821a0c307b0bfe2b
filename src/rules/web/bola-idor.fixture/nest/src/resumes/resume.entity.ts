import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity()
export class Resume {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column() userId: number;
  @Column() title: string;
  @Column() template: string;
}

@Entity()
export class Statistics {
  @PrimaryGeneratedColumn('uuid') id: string;
  @Column() resumeId: string;
  @Column() views: number;
}
